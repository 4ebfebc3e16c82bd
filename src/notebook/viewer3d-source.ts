import * as fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { RoothaanError } from '../errors';

let cached: string | undefined;
let cachedGzip: string | undefined;

function resolve3Dmol(file: string): string {
  try {
    return require.resolve(`3dmol/${file}`);
  } catch {
    throw new RoothaanError('3DMOL_MISSING', 'the npm package 3dmol is not installed; it is a dependency of roothaan: reinstall roothaan (npm install)');
  }
}

/**
 * The 3Dmol.js bundle (the npm package `3dmol`, `build/3Dmol-min.js`, about 0.5 MB) as
 * JavaScript source, read once and cached. 3Dmol.js is a UMD bundle: where require.js is present
 * (classic Notebook) it would register itself as an AMD module instead of defining
 * `window.$3Dmol`, so the 3D views evaluate it with `define`, `exports` and `module` hidden
 * (see {@link threeDmolGzipBase64}).
 *
 * 3Dmol.js: N. Rego & D. Koes, Bioinformatics 31, 1322 (2015), doi:10.1093/bioinformatics/btu829.
 *
 * @example
 * ```ts
 * threeDmolSource().length > 100_000; // true
 * ```
 */
export function threeDmolSource(): string {
  if (cached === undefined) cached = fs.readFileSync(resolve3Dmol('build/3Dmol-min.js'), 'utf8');
  return cached;
}

/**
 * {@link threeDmolSource} gzipped and base64-encoded (about 0.2 MB instead of 0.5 MB), as every 3D
 * view carries it: the view's script decodes it with the browser's `DecompressionStream` only
 * when the page has no `window.$3Dmol` yet, so each output stands alone (after a reload, in a
 * reopened notebook, in exported HTML) at a fraction of the size.
 *
 * @example
 * ```ts
 * threeDmolGzipBase64().startsWith('H4sI'); // true (the gzip magic bytes, base64)
 * ```
 */
export function threeDmolGzipBase64(): string {
  if (cachedGzip === undefined) cachedGzip = gzipSync(Buffer.from(threeDmolSource(), 'utf8'), { level: 9 }).toString('base64');
  return cachedGzip;
}

/**
 * The version of the bundled 3Dmol.js, read from its package.json.
 *
 * @example
 * ```ts
 * threeDmolVersion(); // '2.5.5'
 * ```
 */
export function threeDmolVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(resolve3Dmol('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
