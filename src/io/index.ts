/**
 * io: file-format codecs that belong to no other module. Today the NumPy `.npy` format of the
 * checkpoints. Bytes in, arrays out: nothing here opens a file (as `numpy.lib.format`).
 *
 * @example
 * ```ts
 * import { io } from 'roothaan';
 * io.decodeNpy(io.encodeNpy({ shape: [2, 2], data: Float64Array.of(1, 2, 3, 4) })).shape; // [2, 2]
 * ```
 */
export { encodeNpy, decodeNpy } from './npy';
export type { NpyArray } from './npy';
