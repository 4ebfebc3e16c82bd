import type { Argv, CommandModule } from 'yargs';
import { InvalidInputError } from '../../errors';
import * as store from '../../store';
import { skippedRowText } from '../../store/skipped-rows';
import { permissionRefusal } from '../../store/store-errors';
import type { CliContext } from '../context';
import { paintOf, statusText } from '../paint';
import { inCliWords } from '../vocabulary';
import { renderTable, shortIds, tableWidth, type Column } from '../table';

/** Opens the job store with the CLI's environment (ROOTHAAN_HOME, DATABASE_URL, ROOTHAAN_S3_BUCKET, ROOTHAAN_USER, …). */
export async function openStore(context: CliContext): Promise<store.Store> {
  // A row a listing cannot read is that row's problem: one line on stderr each, and the rest is listed.
  return store.open({ onSkippedRow: (row) => context.stderr(`roothaan: ${skippedRowText(row)}\n`) }, context.env);
}

/** Runs `fn` with an open store and closes it afterwards. */
export async function withStore<T>(context: CliContext, fn: (s: store.Store) => Promise<T>): Promise<T> {
  const s = await openStore(context);
  try {
    return await fn(s);
  } catch (err) {
    throw permissionRefusal(err);
  } finally {
    await s.close();
  }
}

/** A job row as JSON (snake_case, ISO dates). */
export function jobJson(job: store.JobRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(job)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

/** A checkpoint row as JSON. */
export function checkpointJson(c: store.CheckpointRow): Record<string, unknown> {
  return { key: c.key, kind: c.kind, iteration: c.iteration, attempt: c.attempt, sha256: c.sha256, bytes: c.bytes, dtype: c.dtype, shape: c.shape, created_at: c.created_at.toISOString() };
}

function parseDate(text: string | undefined, option: string): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new InvalidInputError(`--${option} '${text}' is not a date (use e.g. 2026-11-21 or 2026-11-21T08:00:00Z)`, { field: option });
  return d;
}

/**
 * A text table for this context: as wide as the terminal (at least 80 columns), exactly 80
 * when piped; see table.ts. Every column may be cut when too wide; use renderTable for finer
 * control.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[], context: Pick<CliContext, 'isTTY' | 'columns' | 'colour'>): string {
  return renderTable(header.map((h) => ({ header: h, minWidth: 8 })), rows, tableWidth(context), paintOf(context));
}

/** The whole id of the job a user typed (a UUID or a unique prefix), see store `resolveId`. */
export function resolveJobIds(s: store.Store, ids: readonly string[]): Promise<string[]> {
  return Promise.all(ids.map((id) => s.jobs.resolveId(String(id))));
}

/**
 * The table of `jobs list` and `groups show`: short ids; at narrow widths the iteration count,
 * then the submission time, then the basis go, and names are cut.
 */
export function jobsTable(jobs: readonly store.JobRow[], context: CliContext, options: { user?: boolean; iterations?: boolean; submitted?: boolean } = {}): string {
  const { user = false, iterations = true, submitted = true } = options;
  const columns: Column[] = [
    { header: 'id' },
    { header: 'status', colour: (cell, paint) => statusText(cell, paint) },
    { header: 'name', minWidth: 10 },
    { header: 'molecule', minWidth: 8 },
    { header: 'basis', drop: 3, minWidth: 8 },
    ...(iterations ? [{ header: 'iter', drop: 1, right: true }] : []),
    { header: 'energy (Eh)', right: true },
    ...(submitted ? [{ header: 'submitted (UTC)', drop: 2 }] : []),
    ...(user ? [{ header: 'user', minWidth: 12 }] : []),
  ];
  const ids = shortIds(jobs.map((j) => j.id));
  const rows = jobs.map((j, k) => [
    ids[k]!,
    j.status,
    j.name ?? '',
    j.formula ?? '',
    j.basis_name ?? '',
    ...(iterations ? [j.iterations === null ? '' : String(j.iterations)] : []),
    energyText(j.energy),
    ...(submitted ? [j.submitted_at.toISOString().slice(0, 16).replace('T', ' ')] : []),
    ...(user ? [j.username] : []),
  ]);
  return renderTable(columns, rows, tableWidth(context), paintOf(context));
}

function energyText(e: number | null): string {
  return e === null ? '' : e.toFixed(10);
}

interface ListArgs {
  status?: string[];
  group?: string;
  name?: string;
  user?: string;
  all?: boolean;
  since?: string;
  until?: string;
  limit?: number;
  json?: boolean;
}
interface IdArgs {
  id: string;
  json?: boolean;
  events?: boolean;
}

/** `roothaan jobs list|show|stop|delete`: the job store's jobs. */
export function jobsCommand(context: CliContext): CommandModule<object, object> {
  return {
    command: 'jobs',
    describe: 'List, show, stop or delete stored jobs',
    builder: (y: Argv<object>) =>
      y
        .command<ListArgs>({
          command: 'list',
          describe: 'List jobs (yours by default), newest first',
          builder: (a) =>
            a
              .option('status', { type: 'string', array: true, choices: [...store.JOB_STATUSES], describe: 'only jobs with this status (repeatable)' })
              .option('group', { type: 'string', describe: 'only jobs in this group (id, or the name of one of your groups)' })
              .option('name', { type: 'string', describe: 'only jobs whose name contains this text' })
              .option('user', { type: 'string', describe: "another user's jobs (an email address)" })
              .option('all', { type: 'boolean', describe: "every user's jobs" })
              .conflicts('user', 'all')
              .option('since', { type: 'string', describe: 'submitted at or after this date/time' })
              .option('until', { type: 'string', describe: 'submitted before this date/time' })
              .option('limit', { type: 'number', describe: 'at most this many (default 1000)' })
              .option('json', { type: 'boolean', describe: 'print one JSON object' }) as Argv<ListArgs>,
          handler: async (args) => {
            const since = parseDate(args.since, 'since');
            const until = parseDate(args.until, 'until');
            const jobs = await withStore(context, (s) =>
              s.jobs.list({
                ...(args.status !== undefined ? { status: args.status as store.JobStatus[] } : {}),
                ...(args.group !== undefined ? { group: args.group } : {}),
                ...(args.name !== undefined ? { name: args.name } : {}),
                ...(args.all ? { user: 'all' } : args.user !== undefined ? { user: args.user } : {}),
                ...(since !== undefined ? { submittedAfter: since } : {}),
                ...(until !== undefined ? { submittedBefore: until } : {}),
                ...(args.limit !== undefined ? { limit: args.limit } : {}),
              }),
            );
            if (args.json) {
              context.stdout(JSON.stringify({ jobs: jobs.map(jobJson) }) + '\n');
              return;
            }
            if (jobs.length === 0) {
              context.stdout('no jobs\n');
              return;
            }
            context.stdout(jobsTable(jobs, context, { user: Boolean(args.all || args.user) }));
          },
        })
        .command<IdArgs>({
          command: 'show <id>',
          describe: 'Show a job: status, result, error, groups, checkpoints',
          builder: (a) =>
            a
              .positional('id', { type: 'string', demandOption: true, describe: 'job id (UUID, or a unique prefix of at least 4 hex digits)' })
              .option('events', { type: 'boolean', describe: 'also list the job events' })
              .option('json', { type: 'boolean', describe: 'print one JSON object' }) as Argv<IdArgs>,
          handler: async (args) => {
            const { details, events } = await withStore(context, async (s) => {
              const id = await s.jobs.resolveId(args.id);
              return { details: await s.jobs.show(id), events: args.events || args.json ? await s.jobs.events(id) : [] };
            });
            const j = details.job;
            if (args.json) {
              context.stdout(
                JSON.stringify({
                  ...jobJson(j),
                  status: j.status,
                  iterations: details.iterations,
                  error: j.error,
                  lease: details.lease,
                  groups: details.groups,
                  checkpoints: details.checkpoints.map(checkpointJson),
                  events: events.map((e) => ({ attempt: e.attempt, kind: e.kind, name: e.name, metadata: e.metadata, created_at: e.created_at.toISOString() })),
                }) + '\n',
              );
              return;
            }
            const lines = [
              `job        ${j.id}`,
              `name       ${j.name ?? ''}`,
              `user       ${j.username}`,
              `status     ${statusText(j.status, paintOf(context))}${j.status === 'running' ? ` (${details.lease})` : ''}`,
              `molecule   ${j.formula ?? ''}  (${j.geometry_filename ?? 'geometry'})`,
              `basis      ${j.basis_name ?? ''}  nbf ${j.nbf ?? ''}  ${j.reference?.toUpperCase() ?? ''}`,
              `parameters ${JSON.stringify(j.parameters)}`,
              `submitted  ${j.submitted_at.toISOString()}`,
              `started    ${j.started_at?.toISOString() ?? ''}`,
              `finished   ${j.finished_at?.toISOString() ?? ''}`,
              `attempt    ${j.attempt}`,
              `iterations ${details.iterations ?? 0} committed`,
              ...(j.energy !== null ? [`energy     ${energyText(j.energy)} Eh  (${j.converged ? 'converged' : 'not converged'})`] : []),
              ...(j.wall_time_s !== null
                ? [`last run   wall ${j.wall_time_s.toFixed(2)} s, CPU ${j.cpu_time_s?.toFixed(2) ?? '?'} s, peak memory ${((j.peak_memory_bytes ?? 0) / 2 ** 20).toFixed(0)} MiB`]
                : []),
              ...(j.error !== null ? [`error      ${inCliWords(j.error)}`] : []),
              ...(details.groups.length > 0 ? [`groups     ${details.groups.map((g) => g.name).join(', ')}`] : []),
              `checkpoints ${details.checkpoints.length} objects, ${details.checkpoints.reduce((a, c) => a + c.bytes, 0)} bytes`,
            ];
            context.stdout(lines.join('\n') + '\n');
            if (args.events) {
              context.stdout(
                '\n' +
                  renderTable(
                    // The time stays whole; the name and the metadata are cut to fit.
                    [{ header: 'attempt', right: true }, { header: 'kind' }, { header: 'name', minWidth: 10 }, { header: 'time (UTC)' }, { header: 'metadata', minWidth: 8 }],
                    events.map((e) => [String(e.attempt), e.kind, e.name, e.created_at.toISOString(), e.metadata ? JSON.stringify(e.metadata).slice(0, 100) : '']),
                    tableWidth(context),
                    paintOf(context),
                  ),
              );
            }
          },
        })
        .command<IdArgs>({
          command: 'stop <id>',
          describe: 'Stop a submitted or running job (a running process stops at its next checkpoint)',
          builder: (a) => a.positional('id', { type: 'string', demandOption: true, describe: 'job id (UUID, or a unique prefix of at least 4 hex digits)' }).option('json', { type: 'boolean', describe: 'print one JSON object' }) as Argv<IdArgs>,
          handler: async (args) => {
            const job = await withStore(context, async (s) => s.jobs.stop(await s.jobs.resolveId(args.id)));
            context.stdout(args.json ? JSON.stringify({ job_id: job.id, status: job.status }) + '\n' : `job ${job.id} stopped\n`);
          },
        })
        .command<IdArgs>({
          command: 'delete <id>',
          describe: 'Delete a job with its events, checkpoints and objects',
          builder: (a) => a.positional('id', { type: 'string', demandOption: true, describe: 'job id (UUID, or a unique prefix of at least 4 hex digits)' }).option('json', { type: 'boolean', describe: 'print one JSON object' }) as Argv<IdArgs>,
          handler: async (args) => {
            const out = await withStore(context, async (s) => {
              const id = await s.jobs.resolveId(args.id);
              return { id, ...(await s.jobs.delete(id)) };
            });
            context.stdout(args.json ? JSON.stringify({ job_id: out.id, deleted: true, objects: out.objects }) + '\n' : `job ${out.id} deleted (${out.objects} objects)\n`);
          },
        })
        .demandCommand(1, 'say which jobs command to run: list, show, stop or delete'),
    handler: () => undefined,
  };
}
