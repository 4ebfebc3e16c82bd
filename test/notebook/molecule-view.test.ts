import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as geometry from '../../src/geometry';
import { showMolecule, threeDmolGzipBase64, type MimeBundle } from '../../src/notebook';
import { externalUrls } from './helpers';

const water = geometry.parse('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n', { format: 'xyz' });

test('showMolecule displays one bundle: 3Dmol HTML with the atoms in Å and labels O, H1, H2, and the atoms as text', () => {
  const shown: Array<{ bundle: MimeBundle; displayId?: string }> = [];
  const sink = { display: (bundle: MimeBundle, o?: { displayId?: string }) => void shown.push({ bundle, ...(o?.displayId ? { displayId: o.displayId } : {}) }), update: () => undefined };
  showMolecule(water, { sink, displayId: 'mol' });
  assert.is(shown.length, 1);
  assert.is(shown[0]!.displayId, 'mol');
  const { bundle } = shown[0]!;
  const text = bundle['text/plain'] as string;
  assert.equal(text.split('\n'), [
    'H2O: 3 atoms (positions in Å)',
    'O         0.000000    0.000000    0.117000',
    'H         0.000000    0.757000   -0.467000',
    'H         0.000000   -0.757000   -0.467000',
  ]);
  const html = bundle['text/html'] as string;
  assert.equal(externalUrls(html), []);
  assert.ok(html.includes(threeDmolGzipBase64()));
  // The XYZ 3Dmol.js reads is in ångström (the molecule holds bohr), and the labels come from basis.atomLabels.
  assert.match(html, /"xyz":"3\\nroothaan\\nO 0\.000000 0\.000000 0\.117000\\nH 0\.000000 0\.757000 -0\.467000\\n/);
  assert.equal([...html.matchAll(/"text":"([^"]+)"/g)].map((m) => m[1]), ['O', 'H1', 'H2']);
  assert.throws(() => showMolecule(water, { sink, height: 20 }), /height: the view's height must be 100…4000 pixels, got 20/);
});

test.run();
