import * as os from 'node:os';
import type { JobRow } from './tables';

/** Whether a process id is alive on this host (signal 0: EPERM means it exists but is not ours). */
function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Lease owners of the runs in progress in this process. A lease that names this process but is
 * not in this set belongs to a run that has ended without recording it (e.g. the database was
 * unreachable at the end): nothing holds that job any more.
 */
export const activeLeases = new Set<string>();

/** Who holds a running job, and whether that process still lives. */
export interface LeaseState {
  /** True when a live process holds the job: on this host its pid runs; elsewhere the lease has not expired. */
  live: boolean;
  /** A sentence for messages. */
  description: string;
}

/**
 * The state of a job's lease. Only `running` jobs hold a lease. On the same host the pid
 * decides (a killed process frees its job at once); on another host the expiry does.
 *
 * @example
 * ```ts
 * leaseState(await s.jobs.get(id)).live; // false after `kill -9` of the process running it
 * ```
 */
export function leaseState(job: Pick<JobRow, 'status' | 'lease_host' | 'lease_pid' | 'lease_expires_at' | 'lease_owner'>, now = new Date()): LeaseState {
  if (job.status !== 'running') return { live: false, description: `the job is ${job.status}` };
  const who = `process ${job.lease_pid ?? '?'} on ${job.lease_host ?? '?'}`;
  if (job.lease_host === os.hostname() && job.lease_pid === process.pid) {
    return job.lease_owner !== null && activeLeases.has(job.lease_owner)
      ? { live: true, description: `${who} (this process) is running it` }
      : { live: false, description: `${who} (this process) no longer runs it` };
  }
  if (job.lease_host === os.hostname() && job.lease_pid !== null) {
    return processAlive(job.lease_pid)
      ? { live: true, description: `${who} is running it` }
      : { live: false, description: `${who} is gone` };
  }
  const expires = job.lease_expires_at;
  if (expires !== null && expires.getTime() > now.getTime()) {
    return { live: true, description: `${who} holds it until ${expires.toISOString()}` };
  }
  return { live: false, description: `the lease of ${who} expired${expires ? ` at ${expires.toISOString()}` : ''}` };
}
