/**
 * Physical constants and unit conversions. Internally roothaan works in atomic units (bohr,
 * hartree); these convert only where text comes in or goes out.
 *
 * The values are CODATA 2014, the set Psi4 1.3.2 uses, so that an XYZ file in ångström gives
 * the same bohr coordinates here as in the reference calculations (a different bohr radius moves
 * total energies by up to ~1e-7 Eh).
 */

/** The Bohr radius in ångström (CODATA 2014): 1 bohr = 0.52917721067 Å. */
export const BOHR_IN_ANGSTROM = 0.52917721067;

/** 1 Å in bohr. */
export const ANGSTROM_IN_BOHR = 1 / BOHR_IN_ANGSTROM;

/** 1 hartree in electronvolt (CODATA 2014). */
export const HARTREE_IN_EV = 27.21138602;

/** 1 hartree in kcal/mol (CODATA 2014, as Psi4 1.3.2). */
export const HARTREE_IN_KCAL_PER_MOL = 627.509474;

/** The atomic unit of electric dipole moment (e·a₀) in debye (CODATA 2014, as Psi4 1.3.2). */
export const AU_DIPOLE_IN_DEBYE = 2.541746451895025916414946904;
