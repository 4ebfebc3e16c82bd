/**
 * A real classic Jupyter Notebook 6 server for browser tests: Debian's `/usr/bin/python3 -m
 * notebook` on loopback, a random port and token, and a temporary Jupyter data, config and
 * runtime folder holding this checkout's kernel (installed with `jupyter kernelspec install`
 * through `installKernel`, so plotly.js sits in the kernel's folder as users get it). Nothing is
 * read from or written to the user's own Jupyter folders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { installKernel } from '../../src/notebook';

/** Debian's Python, which owns the notebook package (the `python3` first on PATH may be another one). */
export const NOTEBOOK_PYTHON = '/usr/bin/python3';

/** A running server. */
export interface NotebookServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly token: string;
  /** The folder the server shows (put notebooks here). */
  readonly root: string;
  /** The kernel spec name installed (notebooks naming another kernel would not start). */
  readonly kernelName: string;
  /** The server's log so far (stdout and stderr). */
  log(): string;
  /** Shuts its kernels down, stops the server (SIGTERM, then SIGKILL after 5 s) and removes its folders. */
  stop(): Promise<void>;
}

/** Options of {@link startNotebookServer}. */
export interface NotebookServerOptions {
  /** Kernel spec name (default 'roothaan', the name the committed notebooks ask for). */
  kernelName?: string;
  /** How long to wait for the server to answer (default 60 s). */
  timeoutMs?: number;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts the server and waits until `/api/status` answers. The kernel is installed from this
 * checkout (`dist/` must be built: the kernel loads it).
 *
 * @example
 * ```ts
 * const server = await startNotebookServer();
 * fs.copyFileSync('notebooks/01-hartree-fock-step-by-step.ipynb', path.join(server.root, 'a.ipynb'));
 * await server.stop();
 * ```
 */
export async function startNotebookServer(options: NotebookServerOptions = {}): Promise<NotebookServer> {
  const kernelName = options.kernelName ?? 'roothaan';
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-notebook-server-'));
  const dirs = { data: path.join(home, 'data'), config: path.join(home, 'config'), runtime: path.join(home, 'runtime'), root: path.join(home, 'root') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_DATA_DIR: dirs.data,
    JUPYTER_CONFIG_DIR: dirs.config,
    JUPYTER_RUNTIME_DIR: dirs.runtime,
    // Only this server's kernels: no JUPYTER_PATH from the caller, and Debian's jupyter first.
    PATH: `/usr/bin:${process.env['PATH'] ?? ''}`,
    PYTHONNOUSERSITE: '1',
  };
  delete env['JUPYTER_PATH'];
  installKernel({ user: true, name: kernelName, jupyter: '/usr/bin/jupyter', env });
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const args = [
    '-m', 'notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
    `--NotebookApp.token=${token}`, `--notebook-dir=${dirs.root}`, '--NotebookApp.open_browser=False',
    // No update check, no mathjax from a CDN: the page must work offline.
    '--NotebookApp.enable_mathjax=False',
    // CI containers often run as root, which Notebook refuses without this.
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
  ];
  const child: ChildProcess = spawn(NOTEBOOK_PYTHON, args, { cwd: dirs.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the notebook server exited (${child.exitCode}):\n${output.slice(-3000)}`);
    try {
      const res = await fetch(`${url}api/status?token=${token}`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the notebook server did not answer at ${url} in time:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    token,
    root: dirs.root,
    kernelName,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        // Shut the kernels down first, so that no kernel process outlives the server.
        try {
          const kernels = (await (await fetch(`${url}api/kernels?token=${token}`)).json()) as Array<{ id: string }>;
          for (const k of kernels) await fetch(`${url}api/kernels/${k.id}?token=${token}`, { method: 'DELETE' });
        } catch {
          // the server is going anyway
        }
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
