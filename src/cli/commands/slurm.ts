import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import * as cluster from '../../cluster';
import { InvalidInputError } from '../../errors';
import * as store from '../../store';
import type { CliContext } from '../context';
import { withStore } from './jobs';
import { paintOf } from '../paint';
import { renderTable, shortIds, tableWidth, type Column } from '../table';

interface SubmitArgs {
  group?: string;
  array?: number;
  'cpus-per-task'?: number;
  time?: string;
  partition?: string;
  'sbatch-arg'?: string[];
  'signal-seconds'?: number;
  'idle-exit'?: number;
  'script-dir'?: string;
  'dry-run'?: boolean;
  json?: boolean;
}

interface StatusArgs {
  group?: string;
  json?: boolean;
}

/** The package's `roothaan` launcher (bin/roothaan.js), from dist/cli/commands or src/cli/commands alike. */
const ROOTHAAN_BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'roothaan.js');

/**
 * The environment every task needs to open the same store: everything but secrets. A password
 * in the database URL and AWS keys are not written into the script; sbatch passes the submitting
 * environment on (its default `--export=ALL`), where they are.
 */
function storeEnvironment(config: store.ResolvedStoreConfig): Record<string, string> {
  const out: Record<string, string> = { ROOTHAAN_HOME: config.home, ROOTHAAN_USER: config.user, ROOTHAAN_SSO: config.sso, ROOTHAAN_LEASE_SECONDS: String(config.leaseSeconds) };
  if (config.database.client === 'pg') {
    if (store.redactUrl(config.database.url) === config.database.url) out.DATABASE_URL = config.database.url;
    out.ROOTHAAN_DB_SCHEMA = config.database.schema;
  }
  if (config.objects.kind === 's3') {
    const s3 = config.objects.s3;
    out.ROOTHAAN_S3_BUCKET = s3.bucket;
    if (s3.endpoint !== undefined) out.AWS_ENDPOINT_URL_S3 = s3.endpoint;
    if (s3.region !== undefined) out.AWS_REGION = s3.region;
    if (s3.forcePathStyle) out.ROOTHAAN_S3_FORCE_PATH_STYLE = '1';
  }
  return out;
}

/**
 * `roothaan slurm submit --group G [--array N] …`: writes a batch script whose N array tasks each
 * run `roothaan worker --group G` against this (shared) store, and submits it with
 * `sbatch --parsable` (see `cluster.sbatchScript`). Refused before anything is written for an
 * unknown or foreign group, a group with nothing to run, bad Slurm options, or the embedded
 * SQLite store (tasks on other nodes cannot share it). `--dry-run` writes the script only.
 */
function submitCommand(context: CliContext): CommandModule<object, SubmitArgs> {
  return {
    command: 'submit',
    describe: "Submit a Slurm array whose tasks run a group's jobs",
    builder: (y) =>
      y
        .option('group', { type: 'string', demandOption: true, describe: 'the group to run (id, or the name of one of your groups)' })
        .option('array', { type: 'number', default: 1, describe: 'number of array tasks (workers), each on its own allocation' })
        .option('cpus-per-task', { type: 'number', describe: "CPUs per task (the worker's threads; default 1)" })
        .option('time', { type: 'string', describe: 'time limit per task (Slurm format: MM, HH:MM:SS, D-HH:MM, …)' })
        .option('partition', { type: 'string', describe: 'the Slurm partition' })
        .option('sbatch-arg', { type: 'string', array: true, describe: 'a further sbatch option, e.g. --account=abc (repeatable)' })
        .option('signal-seconds', { type: 'number', describe: 'Slurm sends SIGTERM this many seconds before the time limit (default 120)' })
        .option('idle-exit', { type: 'number', describe: 'a task with nothing to run waits up to S seconds for interrupted jobs (default 0)' })
        .option('script-dir', { type: 'string', describe: 'where to write the script and the task logs (default <ROOTHAAN_HOME>/slurm; must be shared)' })
        .option('dry-run', { type: 'boolean', describe: 'write the script and print its path, without submitting it' })
        .option('json', { type: 'boolean', describe: 'print one JSON object' }) as unknown as Argv<SubmitArgs>,
    handler: async (args) => {
      const result = await withStore(context, async (s) => {
        if (s.config.database.client === 'sqlite') {
          throw new InvalidInputError(
            `roothaan slurm submit needs a store every node reaches, not the embedded SQLite file ${s.config.database.file}: set DATABASE_URL to a shared PostgreSQL (and ROOTHAAN_S3_BUCKET for S3)`,
            { field: 'DATABASE_URL' },
          );
        }
        const group = await s.groups.get(String(args.group));
        if (group.username !== s.user) throw new store.StorePermissionError(`the group '${group.name}' (${group.id}) belongs to ${group.username}; only its owner may submit it`);
        const runnable = (await s.groups.jobs(group.id)).filter((j) => j.status === 'submitted' || j.status === 'stopped' || j.status === 'running');
        if (runnable.length === 0) throw new InvalidInputError(`the group '${group.name}' has no submitted, stopped or running jobs: nothing to run`, { field: '--group' });
        const dir = path.resolve(args['script-dir'] ?? path.join(s.config.home, 'slurm'));
        const text = cluster.sbatchScript({
          groupId: group.id,
          array: args.array ?? 1,
          ...(args['cpus-per-task'] !== undefined ? { cpusPerTask: args['cpus-per-task'] } : {}),
          ...(args.time !== undefined ? { time: String(args.time) } : {}),
          ...(args.partition !== undefined ? { partition: String(args.partition) } : {}),
          ...(args['signal-seconds'] !== undefined ? { signalSeconds: args['signal-seconds'] } : {}),
          ...(args['idle-exit'] !== undefined ? { idleExitSeconds: args['idle-exit'] } : {}),
          sbatchArgs: (args['sbatch-arg'] ?? []).map(String),
          outputDirectory: dir,
          env: storeEnvironment(s.config),
          command: [process.execPath, ROOTHAAN_BIN],
        });
        if (s.config.objects.kind === 'directory') context.stderr(`roothaan slurm: objects go to the directory ${s.config.objects.directory}: every node must share it (or set ROOTHAAN_S3_BUCKET)\n`);
        fs.mkdirSync(dir, { recursive: true });
        const script = path.join(dir, `roothaan-${group.id}-${new Date().toISOString().replace(/[:.]/g, '-')}.sbatch`);
        fs.writeFileSync(script, text, { mode: 0o700 });
        if (args['dry-run']) return { group, script, jobs: runnable.length, slurmJobId: null };
        const sbatch = cluster.runSlurm('sbatch', ['--parsable', script], context.env);
        if (!sbatch.ok) throw new cluster.SlurmError(`${sbatch.message} (nothing submitted; the script is ${script})`);
        const out = sbatch;
        return { group, script, jobs: runnable.length, slurmJobId: out.stdout.trim().split(';')[0]! };
      });
      if (args.json) {
        context.stdout(JSON.stringify({ group: { id: result.group.id, name: result.group.name }, script: result.script, jobs: result.jobs, array: args.array ?? 1, slurm_job_id: result.slurmJobId }) + '\n');
        return;
      }
      context.stdout(`script: ${result.script}\n`);
      context.stdout(
        result.slurmJobId === null
          ? `not submitted (--dry-run); submit it with: sbatch ${result.script}\n`
          : `submitted Slurm job ${result.slurmJobId}: ${args.array ?? 1} task(s) for ${result.jobs} job(s) of group '${result.group.name}'; follow with: roothaan slurm status --group '${result.group.name}'\n`,
      );
    },
  };
}

/** `roothaan slurm status --group G [--json]`: the group's jobs joined with squeue and sacct (see `cluster.slurmGroupStatus`). */
function statusCommand(context: CliContext): CommandModule<object, StatusArgs> {
  return {
    command: 'status',
    describe: "A group's jobs with the Slurm tasks that run them",
    builder: (y) =>
      y
        .option('group', { type: 'string', demandOption: true, describe: 'the group (id, or the name of one of your groups)' })
        .option('json', { type: 'boolean', describe: 'print one JSON object' }) as unknown as Argv<StatusArgs>,
    handler: async (args) => {
      const st = await withStore(context, (s) => cluster.slurmGroupStatus(s, String(args.group), { run: (c, a) => cluster.runSlurm(c, a, context.env) }));
      if (args.json) {
        context.stdout(
          JSON.stringify({
            group: { id: st.group.id, name: st.group.name },
            jobs: st.jobs.map((j) => ({
              id: j.job.id, name: j.job.name, status: j.job.status, iteration: j.iteration, energy: j.job.energy, attempt: j.job.attempt,
              slurm_job_id: j.slurmJobId, slurm_array_job_id: j.slurmArrayJobId, slurm_array_task_id: j.slurmArrayTaskId, slurm_state: j.slurmState,
              wall_time_s: j.job.wall_time_s, cpu_time_s: j.job.cpu_time_s, peak_memory_bytes: j.job.peak_memory_bytes, efficiency_source: j.efficiency,
            })),
            tasks: st.tasks.map((t) => ({ job_id: t.jobId, array_job_id: t.arrayJobId, array_task_id: t.arrayTaskId, state: t.state, elapsed: t.elapsed, time_limit: t.timeLimit, reason: t.reason })),
            notes: st.notes,
          }) + '\n',
        );
        return;
      }
      const ids = shortIds(st.jobs.map((j) => j.job.id));
      // At 80 columns the least useful columns go first: figures, wall time, attempt, name.
      const columns: Column[] = [
        { header: 'id' },
        { header: 'name', minWidth: 8, drop: 4 },
        { header: 'status' },
        { header: 'iter', right: true },
        { header: 'energy (Eh)', right: true },
        { header: 'attempt', right: true, drop: 3 },
        { header: 'slurm task', minWidth: 10 },
        { header: 'slurm state', minWidth: 9 },
        { header: 'wall (s)', right: true, drop: 2 },
        { header: 'figures', drop: 1 },
      ];
      context.stdout(
        renderTable(
          columns,
          st.jobs.map((j, k) => [
            ids[k]!, j.job.name ?? '', j.job.status, String(j.iteration), j.job.energy === null ? '' : j.job.energy.toFixed(10), String(j.job.attempt),
            j.slurmJobId === null ? '' : j.slurmArrayJobId !== null ? `${j.slurmArrayJobId}_${j.slurmArrayTaskId ?? '?'} (${j.slurmJobId})` : j.slurmJobId,
            j.slurmState ?? '', j.job.wall_time_s === null ? '' : j.job.wall_time_s.toFixed(1), j.efficiency ?? '',
          ]),
          tableWidth(context),
          paintOf(context),
        ),
      );
      const active = st.tasks.filter((t) => /PENDING|RUNNING|COMPLETING/.test(t.state));
      context.stdout(`${st.tasks.length} Slurm task(s) listed, ${active.length} pending or running\n`);
      for (const n of st.notes) context.stdout(`note: ${n}\n`);
    },
  };
}

/** `roothaan slurm submit|status`: a group's jobs on a Slurm cluster. */
export function slurmCommand(context: CliContext): CommandModule<object, object> {
  return {
    command: 'slurm <command>',
    describe: "Run a group's jobs as a Slurm array, and follow them",
    builder: (y: Argv<object>) => y.command(submitCommand(context)).command(statusCommand(context)).demandCommand(1, 'say which slurm command to run'),
    handler: () => undefined,
  };
}
