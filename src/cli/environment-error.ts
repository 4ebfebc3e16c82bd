/**
 * Errors of the machine rather than of roothaan: a full disk, a damaged SQLite file met in the
 * middle of a command (opening the store reports these itself, see store/database.ts). The CLI
 * reports them on one line with exit code 1, as a user's problem to fix, not as a bug.
 *
 * @packageDocumentation
 */

/**
 * The one-line message for an error of the machine, or undefined for any other error.
 *
 * @example
 * ```ts
 * environmentMessage(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
 * // 'no space left on the device (ENOSPC: no space left on device, write); free some disk space and run the command again'
 * ```
 */
export function environmentMessage(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  const reason = error.message.replace(/^[\s\S]* - /, '').replace(/\s+/g, ' ').trim();
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') {
    return `no space left on the device (${reason}); free some disk space and run the command again`;
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return `the SQLite database is damaged (${reason}); move it (and its -wal and -shm files) aside, or restore it from a backup`;
  }
  if (code === 'EROFS') return `the file system is read-only (${reason}); set ROOTHAAN_HOME to a writable directory`;
  return undefined;
}
