/**
 * Atom labels as Psi4 (and PySCF) users write them in a geometry: an element with an optional
 * label suffix, a ghost marker and an isotope mass.
 *
 * ```
 * O   o   8        an element (symbol in any capitalisation, or atomic number)
 * O1  H_a          a label: the element, then digits or `_` and a tag (Psi4)
 * Gh(O)  @O        a ghost atom: basis functions, no nucleus, no electrons (Psi4)
 * ghost-O          the same, PySCF's spelling
 * O@15.99491461956 an isotope: the mass in u replaces the element's (Psi4)
 * Gh(H@2.014101778), Gh(H)@2.014101778, @H@2.014101778   both at once
 * ```
 */
import { InvalidInputError } from '../errors';
import type { ErrorLocation } from '../errors';
import { elementBySymbol, elementByZ, type Element } from './elements';
import { isNumber, readElement } from './text-input';

/** What an atom label says. */
export interface AtomLabel {
  /** The element. */
  readonly element: Element;
  /** Whether the label marks a ghost atom (`Gh(X)`, `@X`, `ghost-X`). */
  readonly ghost: boolean;
  /** The mass in u: the isotope mass the label gives, else the element's standard mass. */
  readonly mass: number;
  /** Whether the label gave the mass (`X@m`). */
  readonly isotope: boolean;
  /** The label without ghost marker and mass (`O1`, `H_a`, `O`), as written. */
  readonly label: string;
}

/** Ghost wrappers: `Gh(…)` with an optional `@mass` after it, `@…`, `ghost-…`/`ghost:…`. */
const GH = /^gh\((.+)\)(@.*)?$/i;
const AT = /^@(.+)$/;
const PYSCF_GHOST = /^ghost[-:](.+)$/i;
/** An element (letters or an atomic number), then an optional Psi4 label tag: digits or `_tag`. */
const LABEL = /^([A-Za-z]{1,3}?|\d+)((?:_\w*|\d+\w*)?)$/;

/**
 * Reads an atom label (see the file header): the element, whether it is a ghost, and its mass.
 *
 * @param token the label as written.
 * @param where the file, line and field for messages.
 * @throws InvalidInputError for an unknown element or a mass that is not a finite positive number.
 * @example
 * ```ts
 * readAtomLabel('Gh(O)', { file: 'dimer.zmat', line: 5 }).ghost; // true
 * readAtomLabel('H@2.014101778', {}).mass;                      // 2.014101778 (u)
 * ```
 */
export function readAtomLabel(token: string | undefined, where: ErrorLocation): AtomLabel {
  if (token === undefined || token === '') return { ...plainLabel(readElement(token, where)), label: '' };
  let inner = token;
  let ghost = false;
  let outerMass: string | undefined;
  const gh = GH.exec(token);
  const at = gh ? null : AT.exec(token);
  const pyscf = gh || at ? null : PYSCF_GHOST.exec(token);
  if (gh) {
    inner = gh[1]!;
    outerMass = gh[2]?.slice(1);
    ghost = true;
  } else if (at) {
    inner = at[1]!;
    ghost = true;
  } else if (pyscf) {
    inner = pyscf[1]!;
    ghost = true;
  }
  const massAt = inner.indexOf('@');
  let massText = outerMass;
  if (massAt >= 0) {
    if (outerMass !== undefined) throw new InvalidInputError(`'${token}' gives the mass twice`, where);
    massText = inner.slice(massAt + 1);
    inner = inner.slice(0, massAt);
  }
  const element = labelElement(inner, token, where);
  let mass = element.mass;
  if (massText !== undefined) {
    const value = isNumber(massText) ? Number(massText.replace(/[dD]/, 'e')) : NaN;
    if (!Number.isFinite(value) || value <= 0) {
      throw new InvalidInputError(
        `the isotope mass in '${token}' must be a finite positive number of u (e.g. H@2.014101778), got '${massText}'`,
        where,
      );
    }
    mass = value;
  }
  return { element, ghost, mass, isotope: massText !== undefined, label: inner };
}

function plainLabel(element: Element): Omit<AtomLabel, 'label'> {
  return { element, ghost: false, mass: element.mass, isotope: false };
}

/** The element of a label: the whole label if it is an element, else its element part. */
function labelElement(inner: string, token: string, where: ErrorLocation): Element {
  const whole = /^\d+$/.test(inner) ? elementByZ(Number(inner)) : elementBySymbol(inner);
  if (whole !== undefined) return whole;
  const m = LABEL.exec(inner);
  const symbol = m?.[1];
  const element = symbol === undefined || symbol === '' ? undefined : /^\d+$/.test(symbol) ? elementByZ(Number(symbol)) : elementBySymbol(symbol);
  if (element === undefined) {
    if (token !== inner) {
      throw new InvalidInputError(`unknown element '${inner}' in '${token}'; write e.g. Gh(C), @C or C@13.00335483507`, where);
    }
    return readElement(token, where); // the usual message for an unknown symbol
  }
  return element;
}

/**
 * Whether a token reads as an atom label (see {@link readAtomLabel}), without throwing.
 *
 * @example
 * ```ts
 * isAtomLabel('Gh(He)'); // true
 * isAtomLabel('r');      // false
 * ```
 */
export function isAtomLabel(token: string | undefined): boolean {
  if (token === undefined || token === '') return false;
  try {
    readAtomLabel(token, {});
    return true;
  } catch {
    return false;
  }
}
