import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseGaussian94 } from '../../src/basis';
import { LIBRARY_DIR, libraryEntries, libraryText, readManifest } from '../../src/basis/library';
import { findLibraryEntry } from '../../src/basis/names';
import { elementBySymbol } from '../../src/geometry';
import { BasisNotFoundError } from '../../src/errors';
import { manifestText } from '../../scripts/build-basis-library';

const root = path.resolve(__dirname, '../..');
const dataDir = path.join(root, 'data', 'basis');
const srcBasis = path.join(root, 'src', 'basis');
const manifestPath = path.join(dataDir, 'manifest.json');

const byZ = (a: string, b: string): number => elementBySymbol(a)!.Z - elementBySymbol(b)!.Z;

test('the loader looks in data/basis of the package, from src/ and from the compiled dist/', () => {
  assert.is(LIBRARY_DIR, dataDir);
  const compiled = require(path.join(root, 'dist', 'basis', 'library.js')) as { LIBRARY_DIR: string };
  assert.is(compiled.LIBRARY_DIR, dataDir);
});

test('the manifest lists exactly the .gbs files in data/basis, once each', () => {
  const files = fs.readdirSync(dataDir).filter((f) => f.endsWith('.gbs')).sort();
  assert.equal(libraryEntries().map((e) => e.file).sort(), files);
  assert.ok(files.length >= 36);
});

test("each entry's elements, ECP elements, harmonics and checksum are what its file gives", () => {
  for (const entry of libraryEntries()) {
    const text = libraryText(entry);
    assert.ok(text === fs.readFileSync(path.join(dataDir, entry.file), 'utf8'), entry.file);
    const parsed = parseGaussian94(text, { filename: entry.file });
    assert.equal(entry.elements, [...parsed.elements.keys()].sort(byZ), entry.file);
    assert.equal(entry.ecpElements, [...parsed.ecp.keys()].sort(byZ), entry.file);
    assert.is(entry.harmonics, parsed.harmonics, entry.file);
    assert.match(entry.sha256, /^[0-9a-f]{64}$/);
    assert.ok(entry.role === 'orbital' || entry.role === 'jkfit', entry.file);
    assert.is(entry.role === 'jkfit', entry.file.endsWith('-jkfit.gbs'), entry.file);
    assert.match(entry.source.copiedFrom, new RegExp(`psi4 1\\.3\\.2 .*/usr/share/psi4/basis/${entry.file.replace(/[.+]/g, '\\$&')}$`));
    assert.ok(entry.source.origin.length > 0 && entry.source.header.length > 0, entry.file);
  }
});

test('manifest.json is what scripts/build-basis-library.ts generates from data/basis now', () => {
  const committed = fs.readFileSync(manifestPath, 'utf8');
  assert.ok(committed === manifestText(dataDir), 'data/basis/manifest.json is stale: run npx tsx scripts/build-basis-library.ts');
});

test('every name and alias in the manifest resolves to its own entry', () => {
  let aliases = 0;
  for (const entry of libraryEntries()) {
    for (const name of [entry.name, ...entry.aliases]) {
      assert.is(findLibraryEntry(name), entry, name);
      assert.is(findLibraryEntry(name.toLowerCase()), entry, name.toLowerCase());
    }
    aliases += entry.aliases.length;
  }
  assert.ok(aliases > 0);
  assert.is(findLibraryEntry('6-31G(d)')!.name, '6-31G*');
  assert.is(findLibraryEntry('cc-pvdz-jkfit')!.name, 'cc-pVDZ-JKFIT');
});

test('a missing or broken manifest is a BasisNotFoundError that says to reinstall', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-basis-'));
  try {
    assert.throws(() => readManifest(dir), (e: unknown) => e instanceof BasisNotFoundError && /manifest\.json .*reinstall roothaan/.test((e as Error).message));
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"basisSets": 3}');
    assert.throws(() => readManifest(dir), /is not a basis library manifest/);
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{not json');
    assert.throws(() => readManifest(dir), /is not a basis library manifest/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Every .ts file under a folder. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : [],
  );
}

test('src/basis does IO only in library.ts, which reads data/basis: no other fs, and no sibling shared folder, process or console', () => {
  const loader = path.join(srcBasis, 'library.ts');
  const files = sourceFiles(srcBasis);
  assert.ok(files.includes(loader));
  const usesFs = /(require\(|from\s+)['"](node:)?fs(\/promises)?['"]/;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const name = path.relative(root, file);
    assert.not.match(text, /\.\.\/shared/, `${name} refers to the sibling shared folder`);
    assert.not.match(text, /\bprocess\.|\bconsole\./, `${name} uses process or console`);
    if (file === loader) assert.match(text, usesFs);
    else assert.not.match(text, usesFs, `${name} uses fs (only library.ts may, to read data/basis)`);
  }
});

/** The files a script run under tsx reads with fs.readFileSync, relative to data/basis. */
function basisReads(script: string): string[] {
  const spy = `
    const fs = require('node:fs');
    const reads = [];
    const readFileSync = fs.readFileSync;
    fs.readFileSync = function (file, ...rest) { reads.push(String(file)); return readFileSync.call(this, file, ...rest); };
    ${script}
    const dir = ${JSON.stringify(dataDir + path.sep)};
    process.stdout.write(JSON.stringify(reads.filter((f) => f.startsWith(dir)).map((f) => f.slice(dir.length))));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', spy], { cwd: root, encoding: 'utf8' })) as string[];
}

test('loading the package reads no basis file, and loading one basis set reads the manifest and its file once', () => {
  assert.equal(basisReads(`require(${JSON.stringify(path.join(root, 'dist', 'index.js'))});`), []);
  const reads = basisReads(`
    const basis = require(${JSON.stringify(path.join(srcBasis, 'index.ts'))});
    const h = { atoms: [{ symbol: 'H', Z: 1, position: [0, 0, 0] }] };
    basis.load('sto-3g', h);
    basis.load('STO-3G', h);
    basis.basisForElement('sto-3g', 'He');
  `);
  assert.equal(reads, ['manifest.json', 'sto-3g.gbs']);
});

test.run();
