import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as store from '../../src/store';
import { leaseState, pidNamespace } from '../../src/store/lease';
import { tables, type JobRow } from '../../src/store/tables';
import { closeStores, geometryText, makeBackend, openStore } from './backends';

// A live process that is not this one: its pid answers signal 0 for as long as the test runs.
let sleeper: ChildProcess;
test.before(() => {
  sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
});
test.after(async () => {
  sleeper.kill('SIGKILL');
  await closeStores();
});

type Lease = Parameters<typeof leaseState>[0];
const inAMinute = (): Date => new Date(Date.now() + 60_000);
const aMinuteAgo = (): Date => new Date(Date.now() - 60_000);
const running = (over: Partial<JobRow>): Lease => ({
  status: 'running', lease_owner: 'x', lease_host: os.hostname(), lease_pid: sleeper.pid!, lease_expires_at: inAMinute(), lease_pid_namespace: pidNamespace(), ...over,
});

test('the PID namespace identity is the boot id and the inode of /proc/self/ns/pid', () => {
  const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  assert.is(pidNamespace(), `${boot}:${fs.statSync('/proc/self/ns/pid').ino}`);
});

test('same host and PID namespace: a live pid holds the job, a dead one frees it at once', async () => {
  assert.is(leaseState(running({})).live, true);
  const dead = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => dead.on('exit', r));
  const gone = leaseState(running({ lease_pid: dead.pid! }));
  assert.is(gone.live, false);
  assert.match(gone.description, /is gone/);
});

test('a live pid whose lease expired (a frozen process) no longer holds the job', () => {
  const frozen = leaseState(running({ lease_expires_at: aMinuteAgo() }));
  assert.is(frozen.live, false);
  assert.match(frozen.description, /alive but its lease expired/);
});

test('a live pid recorded in another PID namespace or boot is not trusted: the lease alone decides', () => {
  const [boot, inode] = pidNamespace()!.split(':');
  for (const other of [`${boot}:${Number(inode) + 1}`, `00000000-0000-0000-0000-000000000000:${inode}`]) {
    // The same host name and a pid that is alive here: before, that meant "running".
    const expired = leaseState(running({ lease_pid_namespace: other, lease_expires_at: aMinuteAgo() }));
    assert.is(expired.live, false, other);
    assert.match(expired.description, /lease of process \d+ on .* expired/, other);
    const held = leaseState(running({ lease_pid_namespace: other }));
    assert.is(held.live, true, other);
    assert.match(held.description, /another PID namespace or boot: its pid is not checked/, other);
    // Nor is this process's own pid: in another namespace it is another process.
    assert.is(leaseState(running({ lease_pid_namespace: other, lease_pid: process.pid, lease_expires_at: aMinuteAgo() })).live, false, other);
  }
});

test('a job leased in another PID namespace with an expired lease is resumed, though its pid is alive here', async () => {
  const b = makeBackend('sqlite', 'directory', undefined, 'lease');
  try {
    const s = await openStore(b.config());
    const first = await store.runJob(s, { geometryText: geometryText('h2o_crawford.xyz'), filename: 'w.xyz', parameters: { basis_set: 'STO-3G' } }, { threads: 1 });
    assert.is(first.status, 'done');
    // As a container on the same host name would leave it: running, a live pid, another namespace.
    await tables.jobs(s.database.knex).where({ id: first.jobId }).update({
      status: 'running', lease_owner: 'elsewhere', lease_host: os.hostname(), lease_pid: sleeper.pid!, lease_pid_namespace: 'other-boot:1', lease_expires_at: aMinuteAgo().toISOString(),
    });
    const job = await s.jobs.get(first.jobId);
    assert.is(job.lease_pid_namespace, 'other-boot:1');
    const resumed = await store.resumeJob(s, first.jobId, { threads: 1, maxIterations: 100 });
    assert.is(resumed.status, 'done', resumed.error?.message);
    assert.is(resumed.job.attempt, 2);
    // Its own lease recorded this process's identity while it ran (cleared at the end).
    assert.is(resumed.job.lease_pid_namespace, null);
  } finally {
    await closeStores();
    await b.cleanup();
  }
});

test('a running job records the boot id and PID namespace with its host and pid', async () => {
  const b = makeBackend('sqlite', 'directory', undefined, 'lease-ns');
  try {
    const s = await openStore(b.config());
    let seen: JobRow | undefined;
    let recordedId: (id: string) => void = () => undefined;
    const recorded = new Promise<string>((resolve) => (recordedId = resolve));
    const out = await store.runJob(s, { geometryText: geometryText('h2o_crawford.xyz'), filename: 'w.xyz', parameters: { basis_set: 'STO-3G' } }, {
      threads: 1,
      onIteration: async (r) => {
        if (r.iteration === 1) seen = await s.jobs.get(await recorded);
      },
      onJob: (job) => recordedId(job.id),
    });
    assert.is(out.status, 'done');
    assert.is(seen?.lease_pid, process.pid);
    assert.is(seen?.lease_pid_namespace, pidNamespace());
  } finally {
    await closeStores();
    await b.cleanup();
  }
});
test.run();
