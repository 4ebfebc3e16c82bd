/**
 * The NumPy `.npy` format (version 1.0 written; 1.0–3.0 read) for float64 arrays in C order:
 * bytes in, arrays out (no file is opened here). The store writes every checkpoint matrix
 * with it, so `numpy.load` reads them.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';

/**
 * An n-dimensional float64 array in C (row-major) order, as stored in a `.npy` file.
 */
export interface NpyArray {
  /** Dimensions, outermost first, e.g. `[2, n, n]` for UHF alpha and beta stacked. */
  readonly shape: readonly number[];
  /** Values in C order; length is the product of `shape`. */
  readonly data: Float64Array;
}

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
const ALIGN = 64;
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;
/** The number of values of a shape, or NaN when a dimension is not a non-negative integer. */
const count = (shape: readonly number[]): number => (shape.every((d) => Number.isInteger(d) && d >= 0) ? shape.reduce((a, b) => a * b, 1) : NaN);

/**
 * Encodes a float64 array as a NumPy `.npy` version 1.0 stream: magic, version, a little-endian
 * u16 header length, the header dict `{'descr': '<f8', 'fortran_order': False, 'shape': (…), }`
 * padded with spaces and a final newline so the data starts at a multiple of 64 bytes, then the
 * values as little-endian float64 in C order (NumPy format specification,
 * numpy.lib.format, "Format Version 1.0").
 *
 * @example
 * ```ts
 * const bytes = encodeNpy({ shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) });
 * bytes.length; // 64 + 32; numpy.load reads it as array([[1., 2.], [3., 4.]])
 * ```
 */
export function encodeNpy(array: NpyArray): Buffer {
  const { shape, data } = array;
  if (count(shape) !== data.length) {
    throw new RangeError(`encodeNpy: shape [${shape.join(', ')}] does not match ${data.length} values`);
  }
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${tuple}, }`;
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((ALIGN - (unpadded % ALIGN)) % ALIGN) + '\n';
  if (header.length > 0xffff) throw new RangeError('encodeNpy: header too long for format 1.0');
  const start = MAGIC.length + 4 + header.length;
  const out = Buffer.alloc(start + 8 * data.length);
  MAGIC.copy(out, 0);
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  if (LITTLE_ENDIAN) {
    Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, start);
  } else {
    for (let i = 0; i < data.length; i++) out.writeDoubleLE(data[i]!, start + 8 * i);
  }
  return out;
}

/**
 * Decodes a `.npy` stream (versions 1.0–3.0) holding little-endian float64 in C order. Anything
 * else (another dtype, Fortran order, a truncated file) is an InvalidInputError naming `what`
 * (the store reports a checkpoint that does not decode as a CheckpointCorruptError).
 *
 * @example
 * ```ts
 * decodeNpy(encodeNpy({ shape: [3], data: Float64Array.of(1, 2, 3) })).shape; // [3]
 * ```
 */
export function decodeNpy(bytes: Uint8Array, what = 'object'): NpyArray {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: string): never => {
    throw new InvalidInputError(`${what} is not a valid .npy float64 array: ${why}`);
  };
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) bad('no NumPy magic string');
  const major = buf[6]!;
  if (major < 1 || major > 3) bad(`unsupported format version ${major}`);
  const lenBytes = major === 1 ? 2 : 4;
  if (buf.length < 8 + lenBytes) bad('truncated header');
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = 8 + lenBytes + headerLen;
  if (buf.length < start) bad('truncated header');
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', 8 + lenBytes, start);
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  if (descr !== '<f8') bad(`dtype ${descr ?? '(none)'} (expected '<f8')`);
  if (!/'fortran_order':\s*False/.test(header)) bad('Fortran order (expected C order)');
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (shapeText === undefined) bad('no shape');
  const shape = shapeText!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const n = count(shape);
  if (Number.isNaN(n)) bad(`shape (${shapeText})`);
  if (buf.length !== start + 8 * n) bad(`${buf.length - start} data bytes for shape (${shape.join(', ')}), expected ${8 * n}`);
  const data = new Float64Array(n);
  if (LITTLE_ENDIAN) {
    Buffer.from(data.buffer).set(buf.subarray(start, start + 8 * n));
  } else {
    for (let i = 0; i < n; i++) data[i] = buf.readDoubleLE(start + 8 * i);
  }
  return { shape, data };
}
