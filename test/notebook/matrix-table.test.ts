import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { load, type MoleculeLike } from '../../src/basis';
import { overlap } from '../../src/integrals';
import { matrixHeatmap, matrixTable } from '../../src/notebook';

const water: MoleculeLike = {
  atoms: [
    { symbol: 'O', Z: 8, position: [0, -0.143225816552, 0] },
    { symbol: 'H', Z: 1, position: [1.638036840407, 1.136548822547, 0] },
    { symbol: 'H', Z: 1, position: [-1.638036840407, 1.136548822547, 0] },
  ],
};
const bs = load('STO-3G', water);
const S = overlap(bs);
const AO = ['O 1s', 'O 2s', 'O 2pz', 'O 2px', 'O 2py', 'H1 1s', 'H2 1s'];

test('a heatmap given the basis names its rows and columns by the basis functions', () => {
  const fig = matrixHeatmap(S, { title: 'S', basis: { basis: bs, molecule: water } });
  assert.equal(fig.data[0]!['y'], AO);
  assert.equal(fig.data[0]!['x'], AO);
  // Explicit labels still win.
  assert.equal(matrixHeatmap(S, { labels: AO.map((l) => l.toUpperCase()), basis: { basis: bs, molecule: water } }).data[0]!['y'], AO.map((l) => l.toUpperCase()));
});

test('a matrix table names rows and columns by the basis functions, in HTML and in text', () => {
  const t = matrixTable(S, { title: 'S (overlap)', basis: { basis: bs, molecule: water }, digits: 6 });
  const text = t['text/plain'] as string;
  const lines = text.split('\n');
  assert.is(lines[0], 'S (overlap)');
  assert.equal(lines[1]!.trim().split(/\s{2,}/), AO);
  // Row 'H1 1s', column 'O 2s': S between hydrogen 1s and oxygen 2s (Crawford's s.dat: 0.386138840952).
  const h1 = lines.find((l) => l.startsWith('H1 1s'))!.trim().split(/\s+/);
  assert.is(h1[3], S.data[5 * 7 + 1]!.toFixed(6));
  assert.ok(Math.abs(S.data[5 * 7 + 1]! - 0.386138840952) < 1e-9);
  assert.match(t['text/html'] as string, /<th style="text-align:right;padding:2px 8px">H2 1s<\/th>/);
  const C = { rows: 7, cols: 2, data: new Float64Array(14).fill(0.5) };
  const ct = matrixTable(C, { basis: { basis: bs, molecule: water }, columnLabels: ['MO 1', 'MO 2'], digits: 2 })['text/plain'] as string;
  assert.match(ct, /^O 2px\s+0\.50\s+0\.50$/m);
  assert.throws(() => matrixTable(C, { labels: ['a'] }), /labels has 1 entries for 7 rows/);
  assert.match(matrixTable(C)['text/plain'] as string, /^7\s+0\.500000\s+0\.500000$/m);
});

test.run();
