import * as fs from 'node:fs';
import * as os from 'node:os';
import type { JobRow } from './tables';

let namespace: string | null | undefined;

/**
 * Where this process's PID means something: the kernel's boot id and the inode of this process's
 * PID namespace, as `<boot id>:<inode>` (null where /proc has neither, e.g. macOS). Two containers
 * on one host (or one host name) see different namespaces, and a reboot changes the boot id, so
 * a PID recorded under another identity says nothing about a process here.
 *
 * @example
 * ```ts
 * pidNamespace(); // '9b2f…-…:4026531836' on Linux
 * ```
 */
export function pidNamespace(): string | null {
  if (namespace === undefined) {
    try {
      namespace = `${fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}:${fs.statSync('/proc/self/ns/pid').ino}`;
    } catch {
      namespace = null;
    }
  }
  return namespace;
}

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
 * The state of a job's lease. Only `running` jobs hold a lease. On the same host, in the same
 * PID namespace and boot ({@link pidNamespace}; a row without one is from before it was
 * recorded), the pid decides (a killed process frees its job at once), except that a live pid
 * whose lease has expired (a frozen or stuck process) no longer holds it; anywhere else (another
 * host, another container, another boot) the expiry alone decides.
 *
 * @example
 * ```ts
 * leaseState(await s.jobs.get(id)).live; // false after `kill -9` of the process running it
 * ```
 */
export function leaseState(
  job: Pick<JobRow, 'status' | 'lease_host' | 'lease_pid' | 'lease_expires_at' | 'lease_owner'> & Partial<Pick<JobRow, 'lease_pid_namespace'>>,
  now = new Date(),
): LeaseState {
  if (job.status !== 'running') return { live: false, description: `the job is ${job.status}` };
  const who = `process ${job.lease_pid ?? '?'} on ${job.lease_host ?? '?'}`;
  const expires = job.lease_expires_at;
  const expired = expires !== null && expires.getTime() <= now.getTime();
  const recorded = job.lease_pid_namespace ?? null;
  const samePidSpace = job.lease_host === os.hostname() && (recorded === null || recorded === pidNamespace());
  if (samePidSpace && job.lease_pid === process.pid) {
    return job.lease_owner !== null && activeLeases.has(job.lease_owner)
      ? { live: true, description: `${who} (this process) is running it` }
      : { live: false, description: `${who} (this process) no longer runs it` };
  }
  if (samePidSpace && job.lease_pid !== null) {
    if (!processAlive(job.lease_pid)) return { live: false, description: `${who} is gone` };
    return expired
      ? { live: false, description: `${who} is alive but its lease expired at ${expires.toISOString()} (frozen or stuck)` }
      : { live: true, description: `${who} is running it` };
  }
  if (expires !== null && !expired) {
    const where = job.lease_host === os.hostname() ? ' (another PID namespace or boot: its pid is not checked)' : '';
    return { live: true, description: `${who}${where} holds it until ${expires.toISOString()}` };
  }
  return { live: false, description: `the lease of ${who} expired${expires ? ` at ${expires.toISOString()}` : ''}` };
}
