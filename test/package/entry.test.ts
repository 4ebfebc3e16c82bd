import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

// These tests load the built package (dist/ and esm/), the way users and tslab load it.
const root = path.resolve(__dirname, '..', '..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));

test('the package loads with require, as tslab notebooks load it', () => {
  const roothaan = requireFromRoot('roothaan');
  assert.type(roothaan.linalg.identity, 'function');
  assert.type(roothaan.geometry.parse, 'function');
  assert.type(roothaan.basis.load, 'function');
});

test('the ESM entry exports exactly what the CommonJS entry exports', async () => {
  const cjs = requireFromRoot('roothaan');
  // A real dynamic import (tsx would otherwise turn import() into require()).
  const importEsm = new Function('u', 'return import(u)') as (u: string) => Promise<Record<string, unknown>>;
  const esm = await importEsm(pathToFileURL(path.join(root, 'esm', 'index.mjs')).href);
  const named = Object.keys(esm).filter((k) => k !== 'default').sort();
  assert.equal(named, Object.keys(cjs).filter((k) => k !== '__esModule').sort());
  for (const key of named) assert.is(esm[key], cjs[key], `esm.${key} is the same object as cjs.${key}`);
});

test.run();
