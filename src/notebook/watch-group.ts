import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidInputError } from '../errors';
import { groupProgress, type GroupProgress } from '../store/group-progress';
import type { Store } from '../store/store';
import { newDisplayId, resolveSink, type DisplaySink } from './display-sink';
import { groupProgressBundle } from './group-table';

/** Options of {@link watchGroup}. */
export interface WatchGroupOptions {
  /** How often to read the store again, milliseconds (default 1000, at least 50). */
  intervalMs?: number;
  /** Stops watching: the promise then resolves with the progress as last read. */
  signal?: AbortSignal;
  /** Where to display (default: the tslab kernel). */
  sink?: DisplaySink;
  /** Caption (default `group <name>`). */
  title?: string;
  /** Called with each progress read (after the display is refreshed). */
  onProgress?: (progress: GroupProgress) => void;
}

/**
 * Shows a live table of a group's jobs — status, last committed iteration, energy, host, time of
 * the latest event (`store.groupProgress`) — and keeps it up to date in place (one output,
 * replaced through its display id) by reading the store every `intervalMs` while workers, here or
 * on a cluster, commit. It ends when the group has settled (no job submitted or running under a
 * live process: all done, failed or stopped) or when `signal` aborts, and resolves with the last
 * progress read. The table is redrawn only when it changed.
 *
 * @example
 * ```ts
 * await store.submitGroup(s, 'h2 scan', inputs);
 * const { rows } = await notebook.watchGroup(s, 'h2 scan', { intervalMs: 1000, signal: AbortSignal.timeout(3_600_000) });
 * ```
 */
export async function watchGroup(store: Store, group: string, options: WatchGroupOptions = {}): Promise<GroupProgress> {
  const interval = options.intervalMs ?? 1000;
  if (!(Number.isFinite(interval) && interval >= 50)) throw new InvalidInputError(`intervalMs must be a number ≥ 50 (milliseconds), got ${String(interval)}`, { field: 'intervalMs' });
  const sink = resolveSink(options.sink);
  const displayId = newDisplayId();
  let shown: string | undefined;
  for (;;) {
    const progress = await groupProgress(store, group);
    const bundle = groupProgressBundle(progress, options.title);
    const html = bundle['text/html'] as string;
    if (shown === undefined) sink.display(bundle, { displayId });
    else if (html !== shown) sink.update(bundle, displayId);
    shown = html;
    options.onProgress?.(progress);
    if (progress.settled || options.signal?.aborted) return progress;
    await sleep(interval, undefined, options.signal !== undefined ? { signal: options.signal } : {}).catch(() => undefined);
  }
}
