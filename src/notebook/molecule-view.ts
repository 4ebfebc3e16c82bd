import { BOHR_IN_ANGSTROM } from '../constants';
import { display, type DisplayOptions } from './display-sink';
import type { MimeBundle } from './mime-bundle';
import { viewer3dHtml, type ViewerAtom } from './viewer3d-html';

/** What {@link showMolecule} reads of a molecule (a geometry `Molecule` has it). */
export interface MoleculeViewLike {
  readonly atoms: readonly ViewerAtom[];
  readonly formula?: string;
}

/** Options of {@link moleculeViewBundle} and {@link showMolecule}. */
export interface MoleculeViewOptions extends DisplayOptions {
  /** Label the atoms O, H1, H2 (default true). */
  labels?: boolean;
  /** Height of the view in pixels (default 400). */
  height?: number;
  /** Carry 3Dmol.js in the output (default true; see `Viewer3dOptions.include3Dmol`). */
  include3Dmol?: boolean;
}

/** The atoms as text: symbol and position in ångström, one per line. */
export function atomsText(atoms: readonly ViewerAtom[]): string {
  return atoms
    .map((a) => `${(a.ghost ? `Gh(${a.symbol})` : a.symbol).padEnd(6)}${a.position.map((x) => (x * BOHR_IN_ANGSTROM).toFixed(6).padStart(12)).join('')}`)
    .join('\n');
}

/**
 * A molecule in 3D (ball and stick, bonds guessed by 3Dmol.js from the distances) as a MIME
 * bundle: `text/html` that draws it offline with the bundled 3Dmol.js, and `text/plain` with the
 * atoms in ångström, which also shows where scripts do not run.
 *
 * @example
 * ```ts
 * Object.keys(moleculeViewBundle(water)); // ['text/html', 'text/plain']
 * ```
 */
export function moleculeViewBundle(molecule: MoleculeViewLike, options: MoleculeViewOptions = {}): MimeBundle {
  const title = `${molecule.formula ?? 'molecule'}: ${molecule.atoms.length} atom${molecule.atoms.length === 1 ? '' : 's'} (positions in Å)`;
  const text = `${title}\n${atomsText(molecule.atoms)}`;
  return {
    'text/html': viewer3dHtml(molecule.atoms, [], {
      summary: text,
      labels: options.labels ?? true,
      ...(options.height !== undefined ? { height: options.height } : {}),
      ...(options.include3Dmol !== undefined ? { include3Dmol: options.include3Dmol } : {}),
    }),
    'text/plain': text,
  };
}

/**
 * Shows a molecule in 3D in the notebook (drag to rotate, scroll to zoom), offline: 3Dmol.js is
 * bundled from npm, as plotly.js is. The text fallback lists the atoms in ångström.
 *
 * @example
 * ```ts
 * showMolecule(geometry.parse(xyz, { format: 'xyz' }));
 * ```
 */
export function showMolecule(molecule: MoleculeViewLike, options: MoleculeViewOptions = {}): void {
  display(moleculeViewBundle(molecule, options), options);
}
