/**
 * The embedded store is its owner's only (issue #17): the SQLite file (with its -wal and -shm
 * files) and every object are created 0600, every folder 0700, under the most permissive umask
 * (0) and the usual one (022) alike. Before, they were 0644/0755 (0666/0777 under umask 0).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createDirectoryObjectStore } from '../../src/store/directory-object-store';
import { closeStores, geometryText, openStore } from './backends';

const mode = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8);

/** Every file and folder under `root` with its mode (octal text), by path relative to `root`. */
function modes(root: string): Record<string, string> {
  const out: Record<string, string> = { '.': mode(root) };
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out[path.relative(root, p)] = mode(p);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}

for (const umask of [0o000, 0o022]) {
  test(`under umask ${umask.toString(8).padStart(3, '0')} the embedded store creates its files 0600 and its folders 0700`, async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-modes-'));
    const home = path.join(parent, 'home', '.roothaan'); // two folders the store creates
    const before = process.umask(umask);
    try {
      const s = await openStore({ home, user: 'alice@example.org' });
      const job = await s.jobs.submit({ geometryText: geometryText('h2o_crawford.xyz'), filename: 'water.xyz', parameters: { basis_set: 'STO-3G' } });
      // The checkpoint writer thread's way of writing (synchronous calls).
      const threadStore = createDirectoryObjectStore(path.join(home, 'objects'), { synchronousWrites: true });
      await threadStore.put(`${job.id}/eri/batch_0.bin`, Buffer.from([1, 2, 3]));
      const all = modes(path.join(parent, 'home'));
      await closeStores();
      for (const f of ['.roothaan/roothaan.sqlite', '.roothaan/roothaan.sqlite-wal', '.roothaan/roothaan.sqlite-shm', `.roothaan/objects/${job.id}/geometry.orig`, `.roothaan/objects/${job.id}/eri/batch_0.bin`]) {
        assert.is(all[f], '600', f);
      }
      for (const d of ['.', '.roothaan', '.roothaan/objects', `.roothaan/objects/${job.id}`, `.roothaan/objects/${job.id}/eri`]) assert.is(all[d], '700', d);
      // Nothing else is readable by anyone but the owner.
      assert.equal(Object.entries(all).filter(([, m]) => !['600', '700'].includes(m)), []);
    } finally {
      process.umask(before);
      await closeStores();
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
}

test.run();
