import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The repository stands on its own: a clone runs its tests, benchmarks and scripts without the
// ../shared folder that sits beside it in CI. The reference data is in test/reference, the basis
// files in data/basis.
const root = path.resolve(__dirname, '..', '..');
const SCANNED = ['src', 'test', 'bench', 'scripts', 'examples', 'notebooks'];
const EXCLUDED = new Set([
  'test/reference/README.md', // the reference data's original description, copied unchanged
  'test/package/standalone.test.ts', // this file, which spells out what it looks for
]);

/** A mention of a path into ../shared: `../shared`, `'..', 'shared'` or `shared/reference`, `shared/basis`. */
const INTO_SHARED = /\.\.[\\/]+shared\b|\.\.['"`]\s*,\s*['"`]shared['"`]|\bshared[\\/]+(reference|basis)\b/;

/** Every file under a folder, as a path relative to the repository root with / separators. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : filesUnder(rel);
    return d.isFile() ? [rel] : [];
  });
}

/** The file's text, or undefined for binary files (a NUL byte near the start: .npy and the like). */
function textOf(rel: string): string | undefined {
  const buf = fs.readFileSync(path.join(root, rel));
  return buf.subarray(0, 8192).includes(0) ? undefined : buf.toString('utf8');
}

test('the pattern catches the ways a path into ../shared is written, and not other uses of the word', () => {
  for (const text of [
    "path.resolve(__dirname, '../../../shared/reference')",
    '"../shared/basis/sto-3g.gbs"',
    "path.resolve(repoRoot, '..', 'shared')",
    'path.resolve(__dirname, "..", "..", "shared", "basis")',
    "path.join('../..', 'shared')",
    'see shared/reference/README.md',
    '..\\shared\\reference',
  ]) {
    assert.match(text, INTO_SHARED, text);
  }
  for (const text of [
    "group: 'shared' }",
    'the shared test reader',
    'new SharedArrayBuffer(8)',
    'allocateBuffer(bytes, this.runner.shared)',
    "path.join(root, 'test', 'reference')",
    'data/basis/sto-3g.gbs',
  ]) {
    assert.not.match(text, INTO_SHARED, text);
  }
});

test('no file under src, test, bench, scripts, examples or notebooks refers to ../shared', () => {
  const scanned: string[] = [];
  const offenders: string[] = [];
  for (const dir of SCANNED) {
    for (const rel of filesUnder(dir)) {
      if (EXCLUDED.has(rel)) continue;
      const text = textOf(rel);
      if (text === undefined) continue;
      scanned.push(rel);
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (INTO_SHARED.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim().slice(0, 160)}`);
      });
    }
  }
  // Not vacuous: the scan saw every folder, the files that used to read ../shared, and a notebook.
  assert.ok(scanned.length > 100, `scanned only ${scanned.length} files`);
  for (const dir of SCANNED) assert.ok(scanned.some((f) => f.startsWith(`${dir}/`)), `nothing scanned under ${dir}/`);
  for (const file of ['test/scf/reference-data.ts', 'test/cli/helpers.ts', 'bench/scf.ts', 'notebooks/README.md']) {
    assert.ok(scanned.includes(file), `${file} was not scanned`);
  }
  assert.ok(scanned.some((f) => f.endsWith('.ipynb')), 'no notebook scanned');
  assert.equal(offenders, [], `files referring to ../shared:\n${offenders.join('\n')}`);
});

test('the reference data the tests read is in test/reference, with every geometry and basis file it names', () => {
  const reference = path.join(root, 'test', 'reference');
  for (const file of ['README.md', 'PROVENANCE.md', 'public-cases.json', 'methods-cases.json', 'df-cases.json']) {
    assert.ok(fs.existsSync(path.join(reference, file)), `test/reference/${file} is missing`);
  }
  const cases = ['public-cases.json', 'methods-cases.json', 'df-cases.json'].flatMap(
    (f) => JSON.parse(fs.readFileSync(path.join(reference, f), 'utf8')) as Array<{ name: string; basis: string; xyz_file?: string; aux_files?: Record<string, string> }>,
  );
  assert.ok(cases.length > 50, `only ${cases.length} cases`);
  const basisFiles = new Set(fs.readdirSync(path.join(root, 'data', 'basis')));
  for (const c of cases) {
    if (c.xyz_file) assert.ok(fs.existsSync(path.join(reference, c.xyz_file)), `${c.name}: ${c.xyz_file} is missing`);
    for (const aux of Object.values(c.aux_files ?? {})) assert.ok(basisFiles.has(aux), `${c.name}: data/basis/${aux} is missing`);
  }
  for (const name of ['h2o_sto3g', 'h2o_631gs', 'h2o_ccpvdz']) {
    for (const m of ['overlap', 'kinetic', 'potential', 'eri', 'density_alpha', 'orbital_energies_alpha']) {
      assert.ok(fs.existsSync(path.join(reference, 'matrices', name, `${m}.npy`)), `matrices/${name}/${m}.npy is missing`);
    }
  }
});

test.run();
