/**
 * The `provenance` block roothaan writes in QCSchema output: the creator, its version (from the
 * package's own package.json) and the routine that wrote it.
 *
 * @packageDocumentation
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * QCSchema provenance (qcelemental's `Provenance`).
 *
 * @example
 * ```ts
 * const p: QcschemaProvenance = { creator: 'roothaan', version: '0.1.0', routine: 'roothaan.io.qcschema.toAtomicResult' };
 * ```
 */
export interface QcschemaProvenance {
  readonly creator: string;
  readonly version: string;
  readonly routine: string;
}

let cachedVersion: string | undefined;

/**
 * The installed roothaan's version, read once from its package.json (this file sits three
 * levels below it, in `src/io/qcschema` and in `dist/io/qcschema` alike).
 *
 * @example
 * ```ts
 * roothaanVersion(); // '0.1.0'
 * ```
 */
export function roothaanVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    cachedVersion = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  }
  return cachedVersion;
}

/**
 * roothaan's provenance for a routine.
 *
 * @param routine what wrote the output (default `roothaan.io.qcschema`).
 * @example
 * ```ts
 * provenance('roothaan qcschema run').creator; // 'roothaan'
 * ```
 */
export function provenance(routine = 'roothaan.io.qcschema'): QcschemaProvenance {
  return { creator: 'roothaan', version: roothaanVersion(), routine };
}
