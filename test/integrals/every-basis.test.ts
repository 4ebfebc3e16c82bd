import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listBasisSets, load } from '../../src/basis';
import { fromAtoms } from '../../src/geometry';
import { overlap, createEriEngine, schwarzFactors } from '../../src/integrals';
import { eigh } from '../../src/linalg';

// Every bundled basis set through the integral engine, on water (all bundled sets cover H and O):
// S has unit diagonal for spherical functions and Cartesian axis-aligned components, and is
// positive-definite; every diagonal ERI (ab|ab) (the Schwarz factors, all L combinations the set
// has, up to g) is non-negative and finite.
const water = fromAtoms(
  [['O', 0, -0.143225816552, 0], ['H', 1.638036840407, 1.136548822547, 0], ['H', -1.638036840407, 1.136548822547, 0]],
  { units: 'bohr' },
);

for (const info of listBasisSets()) {
  test(`${info.name}: overlap and diagonal ERIs on water are sound`, () => {
    const basis = load(info.name, water);
    const S = overlap(basis);
    for (let shell = 0; shell < basis.nshell; shell++) {
      const L = basis.shellL[shell]!;
      const first = basis.shellFirstFunction[shell]!;
      // Spherical: every component is unit-normalised. Cartesian: the first component is x^L.
      const checked = basis.shellPure[shell] ? 2 * L + 1 : 1;
      for (let k = 0; k < checked; k++) {
        const i = first + k;
        assert.ok(Math.abs(S.data[i * basis.nbf + i]! - 1) < 1e-12, `${info.name} shell ${shell} component ${k}: ${S.data[i * basis.nbf + i]}`);
      }
    }
    const smallest = eigh(S).values[0]!;
    assert.ok(smallest > 0, `S is positive-definite (smallest eigenvalue ${smallest})`);
    const q = schwarzFactors(createEriEngine(basis));
    for (let k = 0; k < q.length; k++) assert.ok(Number.isFinite(q[k]!) && q[k]! >= 0, `Schwarz factor ${k}: ${q[k]}`);
  });
}

test.run();
