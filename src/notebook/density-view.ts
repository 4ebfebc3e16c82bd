import type { BasisSet } from '../basis/basis-set';
import { InvalidInputError } from '../errors';
import { cubeGrid, densityOnGrid } from '../io/cube';
import type { Matrix } from '../linalg';
import { display, type DisplayOptions } from './display-sink';
import type { MimeBundle } from './mime-bundle';
import { atomsText, type MoleculeViewLike } from './molecule-view';
import { LOBE_COLORS, viewer3dHtml } from './viewer3d-html';

/** Options of {@link densityViewBundle} and {@link showDensity}. */
export interface DensityViewOptions extends DisplayOptions {
  /** Isosurfaces at +isovalue and, where the density goes negative (a difference), −isovalue, in bohr^{−3} (default 0.01). */
  isovalue?: number;
  /** What the density is, e.g. 'ρ(SAD) − ρ(core)' (default 'electron density'). */
  title?: string;
  /** Grid step in bohr (default 0.25). */
  gridSpacing?: number;
  /** Space around the atoms in bohr (default 4). */
  margin?: number;
  /** Height of the view in pixels (default 400). */
  height?: number;
  /** Carry 3Dmol.js in the output (default true). */
  include3Dmol?: boolean;
}

/**
 * A density matrix's electron density (or the difference of two: pass D₁ − D₂) as a 3D view:
 * ρ(r) = Σ_μν D_μν φ_μ φ_ν on a grid (`io.densityOnGrid`), isosurfaces at +isovalue (orange) and
 * −isovalue (purple), and a text summary (title, the extreme values, the grid, the atoms).
 *
 * @example
 * ```ts
 * densityViewBundle({ molecule: prepared.molecule, basis: prepared.basis }, linalg.subtract(Dsad, Dcore), { title: 'ρ(SAD) − ρ(core)' });
 * ```
 */
export function densityViewBundle(source: { readonly molecule: MoleculeViewLike; readonly basis: BasisSet }, D: Matrix, options: DensityViewOptions = {}): MimeBundle {
  const isovalue = options.isovalue ?? 0.01;
  if (!(isovalue > 0) || !Number.isFinite(isovalue)) throw new InvalidInputError(`the isovalue must be a positive number (bohr^-3), got ${isovalue}`, { field: 'isovalue' });
  const grid = cubeGrid(source.molecule.atoms, options.gridSpacing ?? 0.25, options.margin ?? 4);
  const values = densityOnGrid(source.basis, D, grid);
  let min = Infinity, max = -Infinity;
  for (const v of values) { min = Math.min(min, v); max = Math.max(max, v); }
  const title = options.title ?? 'electron density';
  const summary =
    `${title}: from ${min.toExponential(3)} to ${max.toExponential(3)} bohr^-3 on the grid; ` +
    `isosurfaces at +${isovalue} (orange) and −${isovalue} (purple) bohr^-3; grid ${grid.counts.join(' × ')} points at ${grid.spacing} bohr; basis ${source.basis.name}\n` +
    `${source.molecule.formula ?? 'molecule'} (positions in Å):\n${atomsText(source.molecule.atoms)}`;
  const html = viewer3dHtml(
    source.molecule.atoms,
    [{ grid, values, surfaces: [{ isovalue, color: LOBE_COLORS.positive }, { isovalue: -isovalue, color: LOBE_COLORS.negative }] }],
    {
      summary,
      caption: `${title}: orange +${isovalue}, purple −${isovalue} bohr^-3`,
      ...(options.height !== undefined ? { height: options.height } : {}),
      ...(options.include3Dmol !== undefined ? { include3Dmol: options.include3Dmol } : {}),
    },
  );
  return { 'text/html': html, 'text/plain': summary };
}

/**
 * Shows an electron density, or a density difference (D₁ − D₂), in 3D in the notebook.
 *
 * @example
 * ```ts
 * showDensity({ molecule: prepared.molecule, basis: prepared.basis }, linalg.subtract(Dsad, Dcore), { title: 'ρ(SAD) − ρ(core)', isovalue: 0.02 });
 * ```
 */
export function showDensity(source: { readonly molecule: MoleculeViewLike; readonly basis: BasisSet }, D: Matrix, options: DensityViewOptions = {}): void {
  display(densityViewBundle(source, D, options), options);
}
