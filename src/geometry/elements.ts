/**
 * The periodic table from hydrogen (Z = 1) to radon (Z = 86): symbols, names and the masses used
 * for centres of mass.
 *
 * Masses are those of each element's most abundant isotope, in unified atomic mass units (Da),
 * exactly as Psi4 1.3.2 takes them from QCElemental (`qcel.periodictable.to_mass(Z)`; atomic
 * masses from the 2016 Atomic Mass Evaluation, Wang et al., Chinese Phys. C 41, 030003 (2017),
 * doi:10.1088/1674-1137/41/3/030003). So H is 1.00782503223, C is 12 and O is 15.99491461957,
 * and a centre of mass computed here matches Psi4's.
 */

/** One chemical element. */
export interface Element {
  /** Atomic number (nuclear charge in units of e). */
  readonly Z: number;
  /** The symbol with standard capitalisation: `'He'`. */
  readonly symbol: string;
  /** The English name (IUPAC spelling). */
  readonly name: string;
  /** Mass of the most abundant isotope, in unified atomic mass units (Da). */
  readonly mass: number;
}

/** `[symbol, name, mass in Da]`, in order of atomic number starting at Z = 1. */
const TABLE: ReadonlyArray<readonly [string, string, number]> = [
  ['H', 'Hydrogen', 1.00782503223],
  ['He', 'Helium', 4.00260325413],
  ['Li', 'Lithium', 7.0160034366],
  ['Be', 'Beryllium', 9.012183065],
  ['B', 'Boron', 11.00930536],
  ['C', 'Carbon', 12.0],
  ['N', 'Nitrogen', 14.00307400443],
  ['O', 'Oxygen', 15.99491461957],
  ['F', 'Fluorine', 18.99840316273],
  ['Ne', 'Neon', 19.9924401762],
  ['Na', 'Sodium', 22.989769282],
  ['Mg', 'Magnesium', 23.985041697],
  ['Al', 'Aluminium', 26.98153853],
  ['Si', 'Silicon', 27.97692653465],
  ['P', 'Phosphorus', 30.97376199842],
  ['S', 'Sulfur', 31.9720711744],
  ['Cl', 'Chlorine', 34.968852682],
  ['Ar', 'Argon', 39.9623831237],
  ['K', 'Potassium', 38.9637064864],
  ['Ca', 'Calcium', 39.962590863],
  ['Sc', 'Scandium', 44.95590828],
  ['Ti', 'Titanium', 47.94794198],
  ['V', 'Vanadium', 50.94395704],
  ['Cr', 'Chromium', 51.94050623],
  ['Mn', 'Manganese', 54.93804391],
  ['Fe', 'Iron', 55.93493633],
  ['Co', 'Cobalt', 58.93319429],
  ['Ni', 'Nickel', 57.93534241],
  ['Cu', 'Copper', 62.92959772],
  ['Zn', 'Zinc', 63.92914201],
  ['Ga', 'Gallium', 68.9255735],
  ['Ge', 'Germanium', 73.921177761],
  ['As', 'Arsenic', 74.92159457],
  ['Se', 'Selenium', 79.9165218],
  ['Br', 'Bromine', 78.9183376],
  ['Kr', 'Krypton', 83.9114977282],
  ['Rb', 'Rubidium', 84.9117897379],
  ['Sr', 'Strontium', 87.9056125],
  ['Y', 'Yttrium', 88.9058403],
  ['Zr', 'Zirconium', 89.9046977],
  ['Nb', 'Niobium', 92.906373],
  ['Mo', 'Molybdenum', 97.90540482],
  ['Tc', 'Technetium', 97.9072124],
  ['Ru', 'Ruthenium', 101.9043441],
  ['Rh', 'Rhodium', 102.905498],
  ['Pd', 'Palladium', 105.9034804],
  ['Ag', 'Silver', 106.9050916],
  ['Cd', 'Cadmium', 113.90336509],
  ['In', 'Indium', 114.903878776],
  ['Sn', 'Tin', 119.90220163],
  ['Sb', 'Antimony', 120.903812],
  ['Te', 'Tellurium', 129.906222748],
  ['I', 'Iodine', 126.9044719],
  ['Xe', 'Xenon', 131.9041550856],
  ['Cs', 'Caesium', 132.905451961],
  ['Ba', 'Barium', 137.905247],
  ['La', 'Lanthanum', 138.9063563],
  ['Ce', 'Cerium', 139.9054431],
  ['Pr', 'Praseodymium', 140.9076576],
  ['Nd', 'Neodymium', 141.907729],
  ['Pm', 'Promethium', 144.9127559],
  ['Sm', 'Samarium', 151.9197397],
  ['Eu', 'Europium', 152.921238],
  ['Gd', 'Gadolinium', 157.9241123],
  ['Tb', 'Terbium', 158.9253547],
  ['Dy', 'Dysprosium', 163.9291819],
  ['Ho', 'Holmium', 164.9303288],
  ['Er', 'Erbium', 165.9302995],
  ['Tm', 'Thulium', 168.9342179],
  ['Yb', 'Ytterbium', 173.9388664],
  ['Lu', 'Lutetium', 174.9407752],
  ['Hf', 'Hafnium', 179.946557],
  ['Ta', 'Tantalum', 180.9479958],
  ['W', 'Tungsten', 183.95093092],
  ['Re', 'Rhenium', 186.9557501],
  ['Os', 'Osmium', 191.961477],
  ['Ir', 'Iridium', 192.9629216],
  ['Pt', 'Platinum', 194.9647917],
  ['Au', 'Gold', 196.96656879],
  ['Hg', 'Mercury', 201.9706434],
  ['Tl', 'Thallium', 204.9744278],
  ['Pb', 'Lead', 207.9766525],
  ['Bi', 'Bismuth', 208.9803991],
  ['Po', 'Polonium', 208.9824308],
  ['At', 'Astatine', 209.9871479],
  ['Rn', 'Radon', 222.0175782],
];

/**
 * Every element this table knows, indexed by Z − 1.
 *
 * @example
 * ```ts
 * ELEMENTS[7].symbol; // 'O'
 * ```
 */
export const ELEMENTS: readonly Element[] = Object.freeze(
  TABLE.map(([symbol, name, mass], i) => Object.freeze({ Z: i + 1, symbol, name, mass })),
);

/**
 * The largest atomic number in {@link ELEMENTS} (86, radon).
 *
 * @example
 * ```ts
 * elementByZ(MAX_Z)?.symbol; // 'Rn'
 * ```
 */
export const MAX_Z = ELEMENTS.length;

const BY_SYMBOL: ReadonlyMap<string, Element> = new Map(ELEMENTS.map((e) => [e.symbol.toLowerCase(), e]));

/**
 * The element with this symbol, in any capitalisation (`'he'`, `'HE'` and `'He'` are helium), or
 * `undefined` if there is none. Surrounding whitespace is ignored.
 *
 * @example
 * ```ts
 * elementBySymbol('cl')?.Z; // 17
 * elementBySymbol('Xx');    // undefined
 * ```
 */
export function elementBySymbol(symbol: string): Element | undefined {
  return BY_SYMBOL.get(symbol.trim().toLowerCase());
}

/**
 * The element with atomic number `Z` (1 to {@link MAX_Z}), or `undefined` outside that range or
 * for a non-integer.
 *
 * @example
 * ```ts
 * elementByZ(8)?.symbol; // 'O'
 * ```
 */
export function elementByZ(Z: number): Element | undefined {
  return Number.isInteger(Z) && Z >= 1 && Z <= MAX_Z ? ELEMENTS[Z - 1] : undefined;
}
