import { randomBytes } from 'node:crypto';
import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { checkKey, type ObjectStore, type StoredObject } from './object-store';
import { NotFoundError, StoreUnavailableError } from './store-errors';

/**
 * Modes of what the embedded store creates: its owner's only (issue #17), whatever the umask
 * (a umask can only take bits away). Folders and files that already exist keep theirs.
 *
 * @example
 * ```ts
 * (fs.statSync('.roothaan/objects').mode & 0o777).toString(8); // '700'
 * ```
 */
export const PRIVATE_FOLDER = 0o700;
/** See {@link PRIVATE_FOLDER}. @example `(fs.statSync('.roothaan/roothaan.sqlite').mode & 0o777).toString(8) // '600'` */
export const PRIVATE_FILE = 0o600;

/**
 * An {@link ObjectStore} in a directory (folders 0700, files 0600: {@link PRIVATE_FOLDER}): the object `a/b/c.bin` is the file `<root>/a/b/c.bin`,
 * so the tree has exactly the S3 key layout. Writes go to a temporary file in the same
 * directory that is then renamed over the target (atomic on POSIX), so a reader sees the old
 * object or the new one, never a mix.
 *
 * @example
 * ```ts
 * const objects = createDirectoryObjectStore('.roothaan/objects');
 * await objects.put(`${id}/overlap.bin`, io.encodeNpy({ shape: [1, 1], data: Float64Array.of(1) }));
 * ```
 */
export function createDirectoryObjectStore(root: string, options: { synchronousWrites?: boolean } = {}): ObjectStore {
  const sync = options.synchronousWrites === true;
  const dir = path.resolve(root);
  const file = (key: string): string => {
    checkKey(key);
    return path.join(dir, ...key.split('/'));
  };
  const fail = (action: string, key: string, err: unknown): never => {
    const e = err as NodeJS.ErrnoException;
    throw new StoreUnavailableError(`cannot ${action} '${key}' in the object directory ${dir}: ${e.code ?? ''} ${e.message}`.trim());
  };
  // Folders this store has made (or found): a job writes hundreds of objects into a few folders.
  const made = new Set<string>();
  return {
    kind: 'directory',
    location: dir,
    async put(key, body) {
      const target = file(key);
      const tmp = `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
      const folder = path.dirname(target);
      try {
        if (sync) {
          // On the checkpoint writer thread: blocking calls are cheaper than hundreds of
          // thread-pool round trips for small ERI files, and block nothing but that thread.
          if (!made.has(folder)) fsSync.mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER });
          made.add(folder);
          fsSync.writeFileSync(tmp, body, { mode: PRIVATE_FILE });
          fsSync.renameSync(tmp, target);
          return;
        }
        if (!made.has(folder)) {
          await fs.mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER });
          made.add(folder);
        }
        await fs.writeFile(tmp, body, { mode: PRIVATE_FILE });
        await fs.rename(tmp, target);
      } catch (err) {
        fsSync.rmSync(tmp, { force: true });
        fail('write', key, err);
      }
    },
    async get(key) {
      try {
        return await fs.readFile(file(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`the object '${key}' is missing from ${dir}`);
        return fail('read', key, err);
      }
    },
    async list(prefix) {
      return (await this.listDetailed(prefix)).map((o) => o.key);
    },
    async listDetailed(prefix) {
      // Walk from the prefix's last whole folder (`a/b/` of `a/b/c`): a prefix may end inside a name, or be a whole key.
      const base = path.join(dir, ...prefix.split('/').slice(0, -1).filter((p) => p !== ''));
      const out: StoredObject[] = [];
      const walk = async (d: string): Promise<void> => {
        let entries: import('node:fs').Dirent[];
        try {
          entries = await fs.readdir(d, { withFileTypes: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
          throw err;
        }
        for (const e of entries) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) await walk(p);
          else if (!e.name.includes('.tmp-')) {
            const key = path.relative(dir, p).split(path.sep).join('/');
            if (!key.startsWith(prefix)) continue;
            const stat = await fs.stat(p).catch(() => undefined); // removed meanwhile: not listed
            if (stat !== undefined) out.push({ key, bytes: stat.size, modified: stat.mtime });
          }
        }
      };
      await walk(base);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async deletePrefix(prefix) {
      made.clear();
      const keys = await this.list(prefix);
      for (const k of keys) await fs.rm(file(k), { force: true });
      // A job's prefix (`<job-id>/`): remove its folders too.
      const parts = prefix.split('/').filter((p) => p !== '');
      if (parts.length === 1 && prefix.endsWith('/')) await fs.rm(path.join(dir, parts[0]!), { recursive: true, force: true });
      return keys.length;
    },
    close() {},
  };
}
