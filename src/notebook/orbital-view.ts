import type { BasisSet } from '../basis/basis-set';
import { HARTREE_IN_EV } from '../constants';
import { InvalidInputError } from '../errors';
import { cubeGrid, orbitalOnGrid, type CubeGrid } from '../io/cube';
import type { Matrix } from '../linalg';
import { display, type DisplayOptions } from './display-sink';
import type { MimeBundle } from './mime-bundle';
import { atomsText, type MoleculeViewLike } from './molecule-view';
import { LOBE_COLORS, viewer3dHtml } from './viewer3d-html';

/**
 * Where the orbitals come from: a calculation's result with its molecule and basis set
 * (`{ molecule: prepared.molecule, basis: prepared.basis, result }`), or a stored job's orbitals
 * (`store.checkpointOrbitals`).
 */
export type OrbitalSource =
  | {
      readonly molecule: MoleculeViewLike;
      readonly basis: BasisSet;
      readonly result: { readonly moCoefficients: readonly Matrix[]; readonly orbitalEnergies: readonly Float64Array[]; readonly occupations: readonly Float64Array[] };
    }
  | {
      readonly molecule: MoleculeViewLike;
      readonly basis: BasisSet;
      readonly coefficients: readonly Matrix[];
      readonly energies: readonly Float64Array[];
      readonly occupations: readonly Float64Array[];
    };

/** An orbital by name — 'HOMO', 'LUMO', 'HOMO-1', 'LUMO+2' — or by its 0-based column of C. */
export type OrbitalSelector = 'HOMO' | 'LUMO' | `HOMO-${number}` | `LUMO+${number}` | number;

/** Options of {@link orbitalVolume}, {@link orbitalViewBundle} and {@link showOrbital}. */
export interface OrbitalViewOptions extends DisplayOptions {
  /** The isosurfaces are drawn at +isovalue and −isovalue, in bohr^{−3/2} (default 0.05). */
  isovalue?: number;
  /** The spin set of a UHF/ROHF result (default 'alpha'). */
  spin?: 'alpha' | 'beta';
  /** Grid step in bohr (default 0.25; larger is faster and coarser). */
  gridSpacing?: number;
  /** Space around the atoms in bohr (default 4). */
  margin?: number;
  /** Height of the view in pixels (default 400). */
  height?: number;
  /** Label the atoms (default false). */
  labels?: boolean;
  /** Carry 3Dmol.js in the output (default true). */
  include3Dmol?: boolean;
}

/** One orbital on a grid, and what it is. */
export interface OrbitalVolume {
  /** 0-based column of C. */
  readonly index: number;
  /** 'HOMO', 'LUMO', 'HOMO-1', … or 'orbital 7'. */
  readonly name: string;
  readonly spin: 'alpha' | 'beta';
  /** Orbital energy in hartree. */
  readonly energy: number;
  readonly occupation: number;
  /** bohr^{−3/2}. */
  readonly isovalue: number;
  readonly grid: CubeGrid;
  /** ψ at the grid points (x slowest, z fastest), bohr^{−3/2}. */
  readonly values: Float64Array;
  /** A one-paragraph description: orbital, energy, occupation, isovalue, grid, atoms. */
  readonly summary: string;
}

function homoOf(occ: ArrayLike<number>): number {
  for (let p = occ.length - 1; p >= 0; p--) if (occ[p]! > 0) return p;
  throw new InvalidInputError('no orbital is occupied: there is no HOMO', { field: 'orbital' });
}
function lumoOf(occ: ArrayLike<number>): number {
  for (let p = 0; p < occ.length; p++) if (occ[p]! === 0) return p;
  throw new InvalidInputError('every orbital is occupied: there is no LUMO', { field: 'orbital' });
}

/**
 * The 0-based index of an orbital among occupations `occ` (ascending energies): HOMO = the
 * highest occupied, LUMO = the lowest empty, HOMO-k and LUMO+k counted from them, a number as is.
 *
 * @example
 * ```ts
 * orbitalIndex('HOMO-1', Float64Array.of(2, 2, 2, 2, 2, 0, 0)); // 3
 * ```
 */
export function orbitalIndex(orbital: OrbitalSelector, occ: ArrayLike<number>): number {
  const n = occ.length;
  let p: number;
  if (typeof orbital === 'number') p = orbital;
  else {
    const m = /^(HOMO|LUMO)(?:([+-])(\d+))?$/i.exec(orbital.trim());
    if (m === null) throw new InvalidInputError(`expected 'HOMO', 'LUMO', 'HOMO-k', 'LUMO+k' or a 0-based orbital index, got '${orbital}'`, { field: 'orbital' });
    const base = m[1]!.toUpperCase() === 'HOMO' ? homoOf(occ) : lumoOf(occ);
    p = base + (m[2] === undefined ? 0 : (m[2] === '+' ? 1 : -1) * Number(m[3]));
  }
  if (!Number.isInteger(p) || p < 0 || p >= n) throw new InvalidInputError(`orbital '${orbital}' is index ${p}, outside 0…${n - 1}`, { field: 'orbital' });
  return p;
}

function orbitalsOf(source: OrbitalSource): { C: readonly Matrix[]; energies: readonly Float64Array[]; occupations: readonly Float64Array[] } {
  return 'result' in source
    ? { C: source.result.moCoefficients, energies: source.result.orbitalEnergies, occupations: source.result.occupations }
    : { C: source.coefficients, energies: source.energies, occupations: source.occupations };
}

function nameOf(p: number, occ: ArrayLike<number>): string {
  let homo = -1, lumo = -1;
  try { homo = homoOf(occ); } catch { /* none occupied */ }
  try { lumo = lumoOf(occ); } catch { /* all occupied */ }
  if (p === homo) return 'HOMO';
  if (p === lumo) return 'LUMO';
  if (homo >= 0 && p < homo && homo - p <= 3) return `HOMO-${homo - p}`;
  if (lumo >= 0 && p > lumo && p - lumo <= 3) return `LUMO+${p - lumo}`;
  return `orbital ${p}`;
}

/**
 * One orbital evaluated on a grid around the molecule (ψ(r) = Σ_μ C_μp φ_μ(r), `io.orbitalOnGrid`),
 * with its energy, occupation and a text summary: what {@link showOrbital} draws.
 *
 * @example
 * ```ts
 * const v = orbitalVolume({ molecule: prepared.molecule, basis: prepared.basis, result }, 'HOMO');
 * v.energy; // hartree
 * ```
 */
export function orbitalVolume(source: OrbitalSource, orbital: OrbitalSelector, options: OrbitalViewOptions = {}): OrbitalVolume {
  const { C, energies, occupations } = orbitalsOf(source);
  const spin = options.spin ?? 'alpha';
  const set = spin === 'beta' ? 1 : 0;
  if (set >= occupations.length) throw new InvalidInputError('the result is restricted: it has one set of orbitals (use spin: alpha)', { field: 'spin' });
  const occ = occupations[set]!;
  const p = orbitalIndex(orbital, occ);
  const isovalue = options.isovalue ?? 0.05;
  if (!(isovalue > 0) || !Number.isFinite(isovalue)) throw new InvalidInputError(`the isovalue must be a positive number (bohr^-3/2), got ${isovalue}`, { field: 'isovalue' });
  const grid = cubeGrid(source.molecule.atoms, options.gridSpacing ?? 0.25, options.margin ?? 4);
  const values = orbitalOnGrid(source.basis, C[Math.min(set, C.length - 1)]!, p, grid);
  const energy = energies[set]![p]!;
  const name = nameOf(p, occ);
  const spinText = occupations.length === 2 ? `, ${spin === 'beta' ? 'β' : 'α'}` : '';
  const summary =
    `${name} (orbital ${p} of ${occ.length}, 0-based${spinText}): ε = ${energy.toFixed(6)} Eh (${(energy * HARTREE_IN_EV).toFixed(3)} eV), occupation ${occ[p]}\n` +
    `isosurfaces at +${isovalue} (orange) and −${isovalue} (purple) bohr^-3/2; grid ${grid.counts.join(' × ')} points at ${grid.spacing} bohr; basis ${source.basis.name}\n` +
    `${source.molecule.formula ?? 'molecule'} (positions in Å):\n${atomsText(source.molecule.atoms)}`;
  return { index: p, name, spin, energy, occupation: occ[p]!, isovalue, grid, values, summary };
}

/**
 * One orbital as a MIME bundle: `text/html` drawing the molecule and the ±isovalue isosurfaces
 * (orange positive, purple negative) with the bundled 3Dmol.js, and the `text/plain` summary
 * (orbital, energy, occupation, isovalue, atoms), also shown where scripts do not run.
 *
 * @example
 * ```ts
 * Object.keys(orbitalViewBundle({ molecule: prepared.molecule, basis: prepared.basis, result }, 'LUMO')); // ['text/html', 'text/plain']
 * ```
 */
export function orbitalViewBundle(source: OrbitalSource, orbital: OrbitalSelector, options: OrbitalViewOptions = {}): MimeBundle {
  const v = orbitalVolume(source, orbital, options);
  const html = viewer3dHtml(
    source.molecule.atoms,
    [{ grid: v.grid, values: v.values, surfaces: [{ isovalue: v.isovalue, color: LOBE_COLORS.positive }, { isovalue: -v.isovalue, color: LOBE_COLORS.negative }] }],
    {
      summary: v.summary,
      caption: `${v.name}: ε = ${v.energy.toFixed(4)} Eh; orange ψ = +${v.isovalue}, purple ψ = −${v.isovalue} bohr^-3/2`,
      ...(options.labels !== undefined ? { labels: options.labels } : {}),
      ...(options.height !== undefined ? { height: options.height } : {}),
      ...(options.include3Dmol !== undefined ? { include3Dmol: options.include3Dmol } : {}),
    },
  );
  return { 'text/html': html, 'text/plain': v.summary };
}

/**
 * Shows one orbital in 3D in the notebook: the orbital is evaluated on a grid in the kernel
 * (`io.orbitalOnGrid`) and drawn as two isosurfaces, ψ = +isovalue (orange) and −isovalue
 * (purple), offline with the bundled 3Dmol.js.
 *
 * @example
 * ```ts
 * showOrbital({ molecule: prepared.molecule, basis: prepared.basis, result }, 'HOMO', { isovalue: 0.05, gridSpacing: 0.3 });
 * ```
 */
export function showOrbital(source: OrbitalSource, orbital: OrbitalSelector, options: OrbitalViewOptions = {}): void {
  display(orbitalViewBundle(source, orbital, options), options);
}
