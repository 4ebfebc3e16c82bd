/**
 * A single-node Slurm cluster for tests, from Debian's `slurm-wlm` and `munge`: its own munged
 * (a fresh key and the socket in a temporary folder; nothing in /etc or /run), and slurmctld + slurmd
 * with a generated slurm.conf (loopback host name, free ports, state, spool, pid and log files in
 * the same folder, no accounting storage). Needs root (slurmd and munged's key). `stop()` kills
 * every daemon it started, by pid, and removes the folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A running cluster. */
export interface SlurmCluster {
  dir: string;
  /** The environment its clients need (SLURM_CONF). */
  env: Record<string, string>;
  /** Runs a client (sbatch, squeue, scancel, scontrol, …) and returns its stdout; throws on failure. */
  run(command: string, args: string[]): string;
  /** The daemons' logs, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

const BINARIES = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scancel', 'scontrol'];

/** Why a cluster cannot start here (not root, a binary missing), or undefined when it can. */
export function slurmUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'the Slurm test needs root (slurmd, munged)';
  for (const b of BINARIES) {
    if (spawnSync('sh', ['-c', `command -v ${b}`]).status !== 0) return `${b} is not installed (apt-get install slurm-wlm munge)`;
  }
  if (spawnSync('id', ['munge']).status !== 0) return 'there is no munge user (apt-get install munge)';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitFor(what: string, check: () => boolean, seconds: number): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Starts munged, slurmctld and slurmd (see the module docs). */
export async function startSlurm(): Promise<SlurmCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-slurm-'));
  fs.chmodSync(dir, 0o755);
  const munge = path.join(dir, 'munge');
  fs.mkdirSync(munge, { mode: 0o755 });
  execFileSync('chown', ['munge:munge', munge]);
  for (const d of ['state', 'spool', 'log']) fs.mkdirSync(path.join(dir, d));
  const socket = path.join(munge, 'munge.socket');
  // munged wants a key of its own user, readable by it alone (1 KiB of random bytes, as mungekey makes).
  const key = path.join(munge, 'munge.key');
  fs.writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  execFileSync('chown', ['munge:munge', key]);
  const host = os.hostname().split('.')[0]!;
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'slurm.conf');
  fs.writeFileSync(
    conf,
    [
      'ClusterName=roothaantest',
      `SlurmctldHost=${host}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'MpiDefault=none',
      'ReturnToService=2',
      'KillWait=10',
      'MinJobAge=600',
      'AccountingStorageType=accounting_storage/none',
      'JobAcctGatherType=jobacct_gather/linux',
      'JobCompType=jobcomp/none',
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${os.cpus().length} RealMemory=1000 State=UNKNOWN`,
      `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { SLURM_CONF: conf };
  const clientEnv = { ...process.env, ...env };
  const pids: number[] = [];
  const cluster: SlurmCluster = {
    dir,
    env,
    run(command, args) {
      return execFileSync(command, args, { env: clientEnv, encoding: 'utf8', timeout: 30_000 });
    },
    logs() {
      return ['slurmctld.log', 'slurmd.log'].map((f) => {
        try {
          return `--- ${f}\n` + fs.readFileSync(path.join(dir, 'log', f), 'utf8').split('\n').slice(-30).join('\n');
        } catch {
          return '';
        }
      }).join('\n');
    },
    async stop() {
      // First every job of this cluster (slurmstepd outlives slurmd), then the daemons.
      const active = (): string => spawnSync('squeue', ['-h', '-o', '%A'], { env: clientEnv, encoding: 'utf8' }).stdout?.trim() ?? '';
      if (pids.length === 3 && active() !== '') {
        spawnSync('scancel', ['--full', ...active().split(/\s+/)], { env: clientEnv });
        await waitFor('the jobs to end', () => active() === '', 30).catch(() => undefined);
      }
      for (const pid of pids.reverse()) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      await sleep(1000);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    execFileSync('runuser', ['-u', 'munge', '--', 'munged', `--socket=${socket}`, `--key-file=${key}`, `--pid-file=${munge}/munged.pid`, `--log-file=${munge}/munged.log`, `--seed-file=${munge}/munged.seed`, '--force']);
    await waitFor('munged', () => readPid(`${munge}/munged.pid`) !== undefined, 10);
    pids.push(readPid(`${munge}/munged.pid`)!);
    execFileSync('slurmctld', ['-f', conf, '-i'], { env: clientEnv });
    await waitFor('slurmctld', () => readPid(`${dir}/slurmctld.pid`) !== undefined, 10);
    pids.push(readPid(`${dir}/slurmctld.pid`)!);
    execFileSync('slurmd', ['-f', conf], { env: clientEnv });
    await waitFor('slurmd', () => readPid(`${dir}/slurmd.pid`) !== undefined, 10);
    pids.push(readPid(`${dir}/slurmd.pid`)!);
    await waitFor('the node to be idle', () => /idle/.test(spawnSync('sinfo', ['-h', '-o', '%T'], { env: clientEnv, encoding: 'utf8' }).stdout ?? ''), 30);
  } catch (err) {
    const logs = cluster.logs();
    await cluster.stop();
    throw new Error(`Slurm did not start: ${(err as Error).message}\n${logs}`);
  }
  return cluster;
}
