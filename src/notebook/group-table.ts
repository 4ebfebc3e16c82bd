import type { GroupProgress, GroupProgressRow } from '../store/group-progress';
import { escapeHtml, htmlTable, textTable, type TableColumn } from './html';
import type { MimeBundle } from './mime-bundle';

/**
 * The columns of a group's progress table, as `notebook.watchGroup` and `roothaan groups show`
 * print them (cells from {@link groupProgressCells}).
 */
export const GROUP_PROGRESS_COLUMNS: readonly TableColumn[] = [
  { header: 'job', numeric: false },
  { header: 'name', numeric: false },
  { header: 'status', numeric: false },
  { header: 'iter' },
  { header: 'E / Eh' },
  { header: 'host', numeric: false },
  { header: 'updated (UTC)', numeric: false },
];

/**
 * One row's cells: the job id's first 8 digits, its name (else the formula), its status
 * (`running (gone)` when the process that held it is gone, `✓`/`✗` for a converged or failed
 * SCF), the last committed iteration, the energy (hartree, 10 decimals), the host and the time
 * of its latest event.
 *
 * @example
 * ```ts
 * const { rows } = await store.groupProgress(s, 'h2 scan');
 * groupProgressCells(rows[0]!); // e.g. ['3f9c2a7d', 'h2 r=0.70', 'done ✓', '6', '-1.1175058843', 'node12', '2026-06-01 12:00:03']
 * ```
 */
export function groupProgressCells(row: GroupProgressRow): string[] {
  const mark = row.status === 'done' ? ' ✓' : row.status === 'failed' ? ' ✗' : row.status === 'running' && !row.live ? ' (gone)' : '';
  return [
    row.id.slice(0, 8),
    row.name ?? row.formula ?? '',
    row.status + mark,
    row.iteration === null ? '' : String(row.iteration),
    row.energy === null ? '' : row.energy.toFixed(10),
    row.host ?? '',
    row.updated.toISOString().slice(0, 19).replace('T', ' '),
  ];
}

/**
 * The line under the table: how many jobs have each status, and whether any is still in
 * progress.
 *
 * @example
 * ```ts
 * groupProgressSummary(await store.groupProgress(s, 'h2 scan')); // e.g. '3 jobs — 2 done, 1 running (in progress)'
 * ```
 */
export function groupProgressSummary(progress: GroupProgress): string {
  const n = progress.rows.length;
  const counts = Object.entries(progress.counts).map(([status, k]) => `${k} ${status}`).join(', ');
  return `${n} job${n === 1 ? '' : 's'}${n > 0 ? ` — ${counts}` : ''}${progress.settled ? '' : ' (in progress)'}`;
}

/**
 * A group's progress as a MIME bundle: an HTML table (one row per job) with the summary under it,
 * and the same as plain text.
 *
 * @example
 * ```ts
 * display(groupProgressBundle(await store.groupProgress(s, 'h2 scan')));
 * ```
 */
export function groupProgressBundle(progress: GroupProgress, caption = `group ${progress.group.name}`): MimeBundle {
  const cells = progress.rows.map(groupProgressCells);
  const summary = groupProgressSummary(progress);
  const color = !progress.settled ? '#555' : (progress.counts.failed ?? 0) > 0 || (progress.counts.stopped ?? 0) > 0 ? '#d62728' : '#2ca02c';
  return {
    'text/html':
      `<div class="roothaan-group">${htmlTable(GROUP_PROGRESS_COLUMNS, cells, caption)}` +
      `<div style="font-family:monospace;font-size:12px;padding:4px 8px;color:${color}">${escapeHtml(summary)}</div></div>`,
    'text/plain': textTable(GROUP_PROGRESS_COLUMNS, cells, caption) + '\n' + summary,
  };
}
