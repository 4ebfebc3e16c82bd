import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/errors';
import { parseSacct, parseSlurmDuration, parseSlurmMemory, parseSlurmTime, parseSqueue, sbatchScript, shellQuote } from '../../src/cluster';

test('Slurm time limits read in every form sbatch accepts, and nothing else', () => {
  assert.is(parseSlurmTime('90'), 5400);
  assert.is(parseSlurmTime('10:30'), 630);
  assert.is(parseSlurmTime('2:00:00'), 7200);
  assert.is(parseSlurmTime('1-12'), 129600);
  assert.is(parseSlurmTime('1-00:30'), 88200);
  assert.is(parseSlurmTime('1-00:00:05'), 86405);
  assert.is(parseSlurmTime('UNLIMITED'), Infinity);
  for (const bad of ['', '0', '1h', '10:75', '-5', '1:2:3:4', '0:00:00']) {
    assert.throws(() => parseSlurmTime(bad), (e: Error) => e instanceof InvalidInputError && e.message.includes('--time'), bad);
  }
});

test('sacct durations and memory figures read as seconds and bytes', () => {
  assert.is(parseSlurmDuration('00:01:02.500'), 62.5);
  assert.is(parseSlurmDuration('01:02'), 62);
  assert.is(parseSlurmDuration('2-01:00:00'), 176400);
  assert.is(parseSlurmDuration(''), undefined);
  assert.is(parseSlurmMemory('2048K'), 2097152);
  assert.is(parseSlurmMemory('1.5M'), 1572864);
  assert.is(parseSlurmMemory('1000'), 1000);
  assert.is(parseSlurmMemory(''), undefined);
});

test('squeue rows give each array task its ids and state', () => {
  const tasks = parseSqueue('41|40|1|RUNNING|0:12|10:00|node1\n40|40|2-7|PENDING|0:00|10:00|(Resources)\n\n');
  assert.equal(tasks.map((t) => [t.jobId, t.arrayJobId, t.arrayTaskId, t.state, t.reason]), [['41', '40', 1, 'RUNNING', 'node1'], ['40', '40', null, 'PENDING', '(Resources)']]);
});

test("sacct's allocation line gives state and wall time, its steps the summed CPU time and the largest MaxRSS", () => {
  const text = ['41|COMPLETED|00:02:00||', '41.batch|COMPLETED|00:02:00|00:01:50|204800K', '41.extern|COMPLETED|00:02:00|00:00:00.010|1024K', '42|CANCELLED by 0|00:00:30||'].join('\n');
  const [a, b] = parseSacct(text);
  assert.equal(a, { jobId: '41', state: 'COMPLETED', wallTimeS: 120, cpuTimeS: 110.01, maxRssBytes: 204800 * 1024 });
  assert.equal(b, { jobId: '42', state: 'CANCELLED by 0', wallTimeS: 30 });
});

const OPTIONS = { groupId: '0b6f1c2a-0000-4000-8000-000000000000', array: 3, outputDirectory: '/shared/slurm', env: { DATABASE_URL: 'postgres://db/x', ROOTHAAN_USER: "o'neil@example.org" }, command: ['/usr/bin/node', '/opt/roothaan/bin/roothaan.js'] };

test('the batch script asks for an array and the warning signal, exports the store and execs the worker', () => {
  const text = sbatchScript({ ...OPTIONS, cpusPerTask: 4, time: '2:00:00', partition: 'cpu', sbatchArgs: ['--account=abc'], idleExitSeconds: 30 });
  const lines = text.split('\n');
  for (const l of ['#SBATCH --array=0-2', '#SBATCH --cpus-per-task=4', '#SBATCH --time=2:00:00', '#SBATCH --partition=cpu', '#SBATCH --signal=B:TERM@120', '#SBATCH --account=abc', `#SBATCH --job-name=roothaan-${OPTIONS.groupId}`]) assert.ok(lines.includes(l), l);
  assert.ok(lines.includes(`export ROOTHAAN_USER=${shellQuote("o'neil@example.org")}`));
  assert.ok(lines.includes(`exec '/usr/bin/node' '/opt/roothaan/bin/roothaan.js' worker --group '${OPTIONS.groupId}' --threads "\${SLURM_CPUS_PER_TASK:-4}" --idle-exit 30`));
  assert.is(shellQuote("o'neil"), `'o'\\''neil'`);
});

test('the batch script refuses bad options with the flag named', () => {
  const refused = (over: Record<string, unknown>, flag: string): void =>
    assert.throws(() => sbatchScript({ ...OPTIONS, ...over }), (e: Error) => e instanceof InvalidInputError && e.message.startsWith(flag), flag);
  refused({ array: 0 }, '--array');
  refused({ array: 2.5 }, '--array');
  refused({ cpusPerTask: 0 }, '--cpus-per-task');
  refused({ time: '1:61' }, '--time');
  refused({ time: '2' }, '--time'); // 120 s: no time before the warning
  refused({ partition: 'a b' }, '--partition');
  refused({ sbatchArgs: ['--x=1\nrm -rf /'] }, '--sbatch-arg');
});

test.run();
