import { BOHR_IN_ANGSTROM } from '../constants';
import type { Molecule } from '../geometry';
import { htmlTable, textTable, type TableColumn } from './html';
import type { MimeBundle } from './mime-bundle';

/** The parts of a geometry `Molecule` the summary reads. */
export type MoleculeLike = Pick<Molecule, 'atoms' | 'charge' | 'multiplicity' | 'formula' | 'electronCount' | 'nalpha' | 'nbeta' | 'nuclearRepulsionEnergy'>;

/** The numbers of a {@link moleculeSummary}. */
export interface MoleculeSummary {
  /** Hill formula. */
  readonly formula: string;
  /** Number of atoms. */
  readonly atoms: number;
  /** Total charge in e. */
  readonly charge: number;
  /** Spin multiplicity 2S + 1. */
  readonly multiplicity: number;
  /** Electron count, α and β. */
  readonly electrons: number;
  readonly nalpha: number;
  readonly nbeta: number;
  /** Nuclear repulsion energy in hartree. */
  readonly nuclearRepulsion: number;
  /** The summary as HTML: a properties table and an atoms table (positions in ångström and bohr). */
  readonly html: string;
  /** The same as plain text. */
  readonly text: string;
}

const ATOM_COLUMNS: TableColumn[] = [
  { header: '#' },
  { header: 'atom', numeric: false },
  { header: 'Z' },
  { header: 'x / Å' },
  { header: 'y / Å' },
  { header: 'z / Å' },
  { header: 'x / bohr' },
  { header: 'y / bohr' },
  { header: 'z / bohr' },
];

/**
 * A summary of a molecule: formula, charge, multiplicity, electrons, the nuclear repulsion energy
 * (Szabo & Ostlund Eq. 2.10, last term) and the atoms with their positions in ångström and bohr.
 *
 * @example
 * ```ts
 * const s = moleculeSummary(geometry.parse(xyz, { format: 'xyz' }));
 * s.formula; // 'H2O'
 * ```
 */
export function moleculeSummary(molecule: MoleculeLike): MoleculeSummary {
  const vnn = molecule.nuclearRepulsionEnergy();
  const properties: Array<[string, string]> = [
    ['formula', molecule.formula],
    ['atoms', String(molecule.atoms.length)],
    ['charge', String(molecule.charge)],
    ['multiplicity', String(molecule.multiplicity)],
    ['electrons (α, β)', `${molecule.electronCount} (${molecule.nalpha}, ${molecule.nbeta})`],
    ['nuclear repulsion / Eh', vnn.toFixed(10)],
  ];
  const propColumns: TableColumn[] = [{ header: 'property', numeric: false }, { header: 'value', numeric: false }];
  const atomRows = molecule.atoms.map((a, i) => [
    String(i + 1),
    a.symbol,
    String(a.Z),
    ...a.position.map((x) => (x * BOHR_IN_ANGSTROM).toFixed(6)),
    ...a.position.map((x) => x.toFixed(6)),
  ]);
  const html =
    `<div class="roothaan-molecule" style="display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start">` +
    htmlTable(propColumns, properties, molecule.formula) +
    htmlTable(ATOM_COLUMNS, atomRows, 'atoms') +
    `</div>`;
  const text = textTable(propColumns, properties, molecule.formula) + '\n\n' + textTable(ATOM_COLUMNS, atomRows, 'atoms');
  return {
    formula: molecule.formula,
    atoms: molecule.atoms.length,
    charge: molecule.charge,
    multiplicity: molecule.multiplicity,
    electrons: molecule.electronCount,
    nalpha: molecule.nalpha,
    nbeta: molecule.nbeta,
    nuclearRepulsion: vnn,
    html,
    text,
  };
}

/**
 * The molecule summary as a MIME bundle (HTML and plain text), for {@link display}.
 *
 * @example
 * ```ts
 * display(moleculeBundle(water));
 * ```
 */
export function moleculeBundle(molecule: MoleculeLike): MimeBundle {
  const s = moleculeSummary(molecule);
  return { 'text/html': s.html, 'text/plain': s.text };
}
