/**
 * A minimal reader for NumPy `.npy` files (format version 1.0/2.0, little-endian float64
 * `'<f8'`, C order), for comparing with the reference matrices under test/reference.
 */
import { readFileSync } from 'node:fs';

/** An array read from a `.npy` file: its shape and its values in C (row-major) order. */
export interface NpyArray {
  shape: number[];
  data: Float64Array;
}

/**
 * Reads a `.npy` file holding a little-endian float64 array in C order.
 *
 * @example
 * ```ts
 * const { shape, data } = readNpy('test/reference/matrices/h2o_sto3g/overlap.npy'); // shape [7, 7]
 * ```
 */
export function readNpy(file: string): NpyArray {
  const buf = readFileSync(file);
  if (buf.readUInt32BE(0) !== 0x934e554d || buf.toString('latin1', 1, 6) !== 'NUMPY') {
    throw new Error(`${file}: not a .npy file`);
  }
  const major = buf[6]!;
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr !== '<f8') throw new Error(`${file}: dtype ${descr} is not supported (only '<f8')`);
  if (fortran !== 'False') throw new Error(`${file}: Fortran order is not supported`);
  if (shapeText === undefined) throw new Error(`${file}: no shape in header`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number.parseInt(s, 10));
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = buf.readDoubleLE(offset + 8 * i);
  return { shape, data };
}
