/**
 * The last step of every parser: merge the file's charge and multiplicity with the options,
 * check them and the positions with file/line locations, and make the {@link Molecule}.
 */
import type { ErrorLocation } from '../errors';
import { Molecule } from './molecule';
import { checkChargeAndMultiplicity, checkCloseContacts } from './validation';
import { highSpinMultiplicity, resolveFragments } from './fragments';
import type { FragmentInit } from './fragments';
import { at } from './text-input';
import type { Atom, GeometryFormat, ParseOptions } from './types';

/** An atom and the 1-based line it was read from. */
export interface LocatedAtom {
  atom: Atom;
  line?: number;
}

/** A value read from the file and where it was. */
export interface FromFile {
  value: number;
  where: ErrorLocation;
}

/** What a parser found besides the atoms. */
export interface ParsedExtras {
  format: GeometryFormat;
  text: string;
  charge?: FromFile;
  multiplicity?: FromFile;
  /** Psi4-style fragments, each with its own charge and multiplicity (then `charge`/`multiplicity` are not used). */
  fragments?: FragmentInit[];
  /** Lines accepted but ignored, one message each (see `MoleculeSource.warnings`). */
  warnings?: string[];
}

/** Checks everything and makes the molecule. Options override the file's charge and multiplicity. */
export function buildMolecule(located: readonly LocatedAtom[], options: ParseOptions, extras: ParsedExtras): Molecule {
  const file = options.filename ?? '<input>';
  const atoms = located.map((a) => a.atom);
  const lines = located.map((a) => a.line);
  checkCloseContacts(atoms, lines, file);

  // Fragments: the molecule's charge is their sum, its multiplicity their high-spin combination (Psi4).
  const fragments = extras.fragments !== undefined ? resolveFragments(atoms, extras.fragments, file) : undefined;
  const fromFragments = fragments && {
    charge: { value: fragments.reduce((q, f) => q + f.charge, 0), where: at(file, undefined, 'charge (sum of the fragments)') },
    multiplicity: { value: highSpinMultiplicity(fragments.map((f) => f.multiplicity)), where: at(file, undefined, 'multiplicity (high-spin sum of the fragments)') },
  };
  const charge: FromFile =
    options.charge !== undefined
      ? { value: options.charge, where: at(file, undefined, 'charge') }
      : (fromFragments?.charge ?? extras.charge ?? { value: 0, where: at(file, undefined, 'charge') });
  const multiplicity: FromFile | undefined =
    options.multiplicity !== undefined
      ? { value: options.multiplicity, where: at(file, undefined, 'multiplicity') }
      : options.charge !== undefined && fromFragments !== undefined
        ? undefined
        : (fromFragments?.multiplicity ?? extras.multiplicity);
  let nuclearCharge = 0;
  for (const atom of atoms) nuclearCharge += atom.Z;
  const checked = checkChargeAndMultiplicity(nuclearCharge, charge.value, multiplicity?.value, {
    charge: charge.where,
    multiplicity: multiplicity?.where ?? charge.where,
  });

  const source = {
    text: extras.text,
    format: extras.format,
    ...(options.filename !== undefined ? { filename: options.filename } : {}),
    ...(extras.warnings !== undefined && extras.warnings.length > 0 ? { warnings: Object.freeze([...extras.warnings]) } : {}),
  };
  return new Molecule({
    atoms,
    charge: checked.charge,
    multiplicity: checked.multiplicity,
    source,
    ...(fragments !== undefined ? { fragments } : {}),
  });
}
