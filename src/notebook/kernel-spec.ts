import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidInputError, RoothaanError } from '../errors';
import { plotlyFileName, plotlySource } from './plotly-source';

/** The kernel name `roothaan kernel install` uses unless told otherwise. */
export const DEFAULT_KERNEL_NAME = 'roothaan';

/** A Jupyter kernel spec (`kernel.json`, https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs). */
export interface KernelSpec {
  /** The command Jupyter runs; `{connection_file}` is replaced by Jupyter. */
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'signal' | 'message';
  env?: Record<string, string>;
  metadata?: Record<string, unknown>;
}

/** Options of {@link kernelSpec}. */
export interface KernelSpecOptions {
  /** Name shown in Jupyter's kernel picker (default 'TypeScript (roothaan)'). */
  displayName?: string;
  /** The Node.js executable the kernel runs with (default: this process's, `process.execPath`). */
  node?: string;
}

/**
 * The root folder of the installed roothaan package (the one holding package.json, dist/ and
 * kernels/), from this file's location in src/notebook or dist/notebook.
 *
 * @example
 * ```ts
 * fs.existsSync(path.join(packageRoot(), 'kernels', 'preload.cjs')); // true
 * ```
 */
export function packageRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

function tslabBin(root: string): string {
  let pkgFile: string;
  try {
    pkgFile = require.resolve('tslab/package.json', { paths: [root] });
  } catch {
    throw new RoothaanError('TSLAB_MISSING', 'the npm package tslab is not installed; it is a dependency of roothaan: reinstall roothaan (npm install)');
  }
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.['tslab'] ?? 'bin/tslab');
  return path.resolve(path.dirname(pkgFile), bin);
}

/**
 * The kernel spec with every path filled in: Node.js runs tslab's own `bin/tslab kernel
 * --config-path {connection_file}` (tslab's CLI), after preloading `kernels/preload.cjs`, which
 * makes `require('roothaan')` and `import … from 'roothaan'` (type-checked by tslab's TypeScript)
 * resolve to this package from any notebook folder. Built from the template
 * `kernels/roothaan/kernel.json`.
 *
 * @example
 * ```ts
 * kernelSpec().argv.slice(-3); // ['kernel', '--config-path', '{connection_file}']
 * ```
 */
export function kernelSpec(options: KernelSpecOptions = {}): KernelSpec {
  const root = packageRoot();
  const template = JSON.parse(fs.readFileSync(path.join(root, 'kernels', 'roothaan', 'kernel.json'), 'utf8')) as KernelSpec;
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const values: Record<string, string> = {
    '@NODE@': options.node ?? process.execPath,
    '@PRELOAD@': path.join(root, 'kernels', 'preload.cjs'),
    '@TSLAB@': tslabBin(root),
    '@VERSION@': version,
    '@PACKAGE_ROOT@': root,
  };
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') return values[value] ?? value;
    if (Array.isArray(value)) return value.map(fill);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  const spec = fill(template) as KernelSpec;
  if (options.displayName !== undefined) spec.display_name = options.displayName;
  return spec;
}

/** Where {@link installKernel} puts the kernel. */
export interface KernelTarget {
  /** Install for the current user (Jupyter's user data dir). */
  user?: boolean;
  /** Install under `<prefix>/share/jupyter/kernels/` (e.g. a virtualenv, conda env or a test folder). */
  prefix?: string;
}

/**
 * Checks a kernel name: Jupyter accepts letters, digits, `.`, `_` and `-`.
 *
 * @example
 * ```ts
 * checkKernelName('roothaan-dev'); // 'roothaan-dev'
 * ```
 */
export function checkKernelName(name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new InvalidInputError(`kernel name '${name}' is not allowed: use letters, digits, '.', '_' and '-'`, { field: '--name' });
  }
  return name;
}

/**
 * The folder a kernel named `name` goes into, following Jupyter's rules (jupyter_core.paths):
 * `--prefix P` → `P/share/jupyter/kernels/<name>`; `--user` → the user data dir
 * (`$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter` or `~/.local/share/jupyter` on Linux,
 * `~/Library/Jupyter` on macOS, `%APPDATA%\jupyter` on Windows) + `kernels/<name>`; otherwise
 * the system-wide `/usr/local/share/jupyter/kernels/<name>` (`%PROGRAMDATA%\jupyter\kernels` on
 * Windows).
 *
 * @example
 * ```ts
 * kernelDirectory('roothaan', { prefix: '/opt/env' }); // '/opt/env/share/jupyter/kernels/roothaan'
 * ```
 */
export function kernelDirectory(name: string, target: KernelTarget, env: Readonly<Record<string, string | undefined>> = process.env): string {
  checkKernelName(name);
  if (target.prefix !== undefined) return path.resolve(target.prefix, 'share', 'jupyter', 'kernels', name);
  if (target.user) {
    let data = env['JUPYTER_DATA_DIR'];
    if (!data) {
      const home = env['HOME'] ?? os.homedir();
      if (process.platform === 'darwin') data = path.join(home, 'Library', 'Jupyter');
      else if (process.platform === 'win32') data = path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'jupyter');
      else data = path.join(env['XDG_DATA_HOME'] || path.join(home, '.local', 'share'), 'jupyter');
    }
    return path.resolve(data, 'kernels', name);
  }
  if (process.platform === 'win32') return path.join(env['PROGRAMDATA'] ?? 'C:\\ProgramData', 'jupyter', 'kernels', name);
  return path.join('/usr/local/share/jupyter/kernels', name);
}

/**
 * The `jupyter` command: the one on PATH, else `/usr/bin/jupyter` (Debian's), else undefined.
 *
 * @example
 * ```ts
 * findJupyter(process.env); // '/usr/bin/jupyter'
 * ```
 */
export function findJupyter(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const exe = process.platform === 'win32' ? ['jupyter.exe', 'jupyter.cmd', 'jupyter'] : ['jupyter'];
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const e of exe) {
      const candidate = path.join(dir, e);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return fs.existsSync('/usr/bin/jupyter') ? '/usr/bin/jupyter' : undefined;
}

/** How to get Jupyter, for messages. */
export const INSTALL_JUPYTER_HINT =
  'install Jupyter (`pip install jupyterlab` or `pip install notebook`; on Debian/Ubuntu `apt install jupyter-notebook`), ' +
  'or pass --jupyter PATH';

/** Options of {@link installKernel}. */
export interface InstallKernelOptions extends KernelTarget, KernelSpecOptions {
  /** Kernel name (default 'roothaan'). */
  name?: string;
  /**
   * The `jupyter` command to install with (`jupyter kernelspec install`); default {@link findJupyter}.
   * `false` writes the kernel folder directly (see {@link kernelDirectory}) without Jupyter.
   */
  jupyter?: string | false;
  /** Environment for finding Jupyter and the user data dir (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What {@link installKernel} did. */
export interface KernelInstall {
  /** The kernel name. */
  name: string;
  /** The folder holding the installed kernel.json. */
  directory: string;
  /** The spec written. */
  spec: KernelSpec;
  /** The jupyter command used, or undefined when the folder was written directly. */
  jupyter?: string;
}

/**
 * Installs the roothaan kernel: writes the spec ({@link kernelSpec} with `ROOTHAAN_KERNEL_NAME`
 * set to the kernel's name, plus the logos in `kernels/roothaan/` and plotly.js, which the Jupyter
 * server then serves to figure outputs) to a temporary folder and installs it with `jupyter kernelspec install
 * --replace --name <name> [--user | --prefix P]`. With `jupyter: false`, or when no Jupyter is
 * found, it writes the folder itself where Jupyter looks ({@link kernelDirectory}); the kernel
 * is then found once Jupyter is installed.
 *
 * @example
 * ```ts
 * installKernel({ user: true }).directory; // '/home/me/.local/share/jupyter/kernels/roothaan'
 * ```
 */
export function installKernel(options: InstallKernelOptions = {}): KernelInstall {
  const env = options.env ?? process.env;
  const name = checkKernelName(options.name ?? DEFAULT_KERNEL_NAME);
  if (options.user && options.prefix !== undefined) {
    throw new InvalidInputError('choose one of --user and --prefix', { field: '--prefix' });
  }
  const spec = kernelSpec(options);
  // Figure outputs embed this name to find plotly.js in the kernel's folder (see writeKernelFolder).
  spec.env = { ...(spec.env ?? {}), ROOTHAAN_KERNEL_NAME: name };
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-kernel-'));
  const source = path.join(staging, name);
  try {
    writeKernelFolder(source, spec);
    const jupyter = options.jupyter === false ? undefined : (options.jupyter ?? findJupyter(env));
    if (jupyter === undefined) {
      const directory = kernelDirectory(name, options, env);
      fs.rmSync(directory, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(directory), { recursive: true });
      fs.cpSync(source, directory, { recursive: true });
      return { name, directory, spec };
    }
    const args = ['kernelspec', 'install', '--replace', '--name', name];
    if (options.user) args.push('--user');
    if (options.prefix !== undefined) args.push('--prefix', path.resolve(options.prefix));
    args.push(source);
    const run = spawnSync(jupyter, args, { encoding: 'utf8', env: { ...process.env, ...env } as NodeJS.ProcessEnv });
    if (run.error !== undefined) {
      throw new RoothaanError('JUPYTER_FAILED', `could not run '${jupyter}': ${run.error.message}; ${INSTALL_JUPYTER_HINT}`);
    }
    if (run.status !== 0) {
      const why = (run.stderr || run.stdout).trim().split('\n').slice(-3).join(' ');
      throw new RoothaanError('JUPYTER_FAILED', `\`${jupyter} ${args.slice(0, -1).join(' ')}\` failed: ${why}`);
    }
    const said = /Installed kernelspec \S+ in (.+)$/m.exec(`${run.stdout}\n${run.stderr}`);
    const directory = said?.[1]?.trim() ?? kernelDirectory(name, options, env);
    return { name, directory, spec, jupyter };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function writeKernelFolder(dir: string, spec: KernelSpec): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  const templateDir = path.join(packageRoot(), 'kernels', 'roothaan');
  for (const file of fs.readdirSync(templateDir)) {
    if (/^logo-.*\.(png|svg)$/.test(file)) fs.copyFileSync(path.join(templateDir, file), path.join(dir, file));
  }
  // plotly.js next to kernel.json: the Jupyter server serves the kernel's folder at
  // <base_url>kernelspecs/<name>/, where a figure output loads it when its page has none.
  fs.writeFileSync(path.join(dir, plotlyFileName()), plotlySource());
}
