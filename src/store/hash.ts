import { createHash } from 'node:crypto';

/** The SHA-256 of bytes, as 64 hex digits. @example `sha256(Buffer.from('abc')).slice(0, 8) // 'ba7816bf'` */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
