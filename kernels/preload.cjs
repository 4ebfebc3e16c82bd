'use strict';
/*
 * Preloaded (node --require) by the roothaan Jupyter kernel before tslab starts, so that notebook
 * cells can use the roothaan package without installing it next to the notebook:
 *
 * - at run time, `require('roothaan')` (and `import ... from 'roothaan'`, which tslab compiles to
 *   require) falls back to this package when normal Node resolution from the notebook's
 *   directory finds no `roothaan` (a roothaan installed next to the notebook still wins);
 * - at compile time, tslab type-checks every cell with its own TypeScript and Node10 module
 *   resolution, which only looks in node_modules folders above the notebook. TypeScript reads
 *   files through `ts.sys`, so a missing `<dir>/node_modules/roothaan/...` is answered from this
 *   package's files (package.json → types → dist/index.d.ts).
 *
 * - errors: roothaan's own errors (RoothaanError) print as their message and the notebook's own
 *   frames, without tslab's or roothaan's internal ones (see the flag below).
 * - Interrupt: SIGINT aborts the current AbortController, which roothaan's SCF runs obey.
 *
 * Nothing here changes how any other module resolves.
 */
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');

const packageRoot = path.resolve(__dirname, '..');
const NAME = 'roothaan';

// Run time: fall back to a self-reference (resolved from inside this package, through its "exports").
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveWithRoothaan(request, parent, isMain, options) {
  try {
    return originalResolve.call(this, request, parent, isMain, options);
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND' && (request === NAME || request.startsWith(NAME + '/'))) {
      return require.resolve(request);
    }
    throw error;
  }
};

// Errors in a cell: a RoothaanError thrown in this process shows its message first and only the
// frames of the notebook's own code (src/errors/roothaan-error.ts reads this flag).
//
// Interrupt: Kernel ▸ Interrupt sends SIGINT to this process. tslab only stops *waiting* for the
// cell ("Interrupted asynchronously"); the work it started would go on. So one AbortController
// is current at a time: SIGINT aborts it and puts a fresh one in its place for the cells that
// follow. roothaan's SCF entry points given no `signal` take the current one's signal when they
// start (src/scf/kernel-signal.ts), and stop between integral batches and between iterations.
let controller = new AbortController();
let interrupts = 0;
let lastInterruptAt;
globalThis[Symbol.for('roothaan.kernel')] = {
  packageRoot,
  /** The signal of the current controller (a new one after each Interrupt). */
  get signal() {
    return controller.signal;
  },
  /** How many Interrupts this kernel has had. */
  get interrupts() {
    return interrupts;
  },
  /** When the last Interrupt arrived (ms since the epoch), or undefined. */
  get lastInterruptAt() {
    return lastInterruptAt;
  },
};
process.on('SIGINT', () => {
  interrupts++;
  lastInterruptAt = Date.now();
  const interrupted = controller;
  controller = new AbortController();
  interrupted.abort(new Error('Kernel ▸ Interrupt'));
});

// Compile time: tslab's TypeScript.
let ts;
try {
  const tslabDir = path.dirname(require.resolve('tslab/package.json'));
  ts = require(require.resolve('@tslab/typescript-for-tslab', { paths: [tslabDir] }));
} catch {
  ts = undefined; // tslab not installed: nothing to patch (the kernel would not start anyway)
}
if (ts && ts.sys) {
  const marker = `${path.sep}node_modules${path.sep}${NAME}`;
  /** Maps `<anything>/node_modules/roothaan[/rest]` to `<packageRoot>[/rest]` when the first does not exist. */
  const forward = (p) => {
    if (typeof p !== 'string') return p;
    const normal = path.normalize(p);
    const at = normal.lastIndexOf(marker);
    if (at < 0) return p;
    const rest = normal.slice(at + marker.length);
    if (rest !== '' && !rest.startsWith(path.sep)) return p; // e.g. node_modules/roothaan-other
    if (fs.existsSync(normal)) return p;
    return path.join(packageRoot, rest);
  };
  const sys = ts.sys;
  for (const method of ['fileExists', 'directoryExists', 'readFile', 'getDirectories', 'realpath']) {
    const original = sys[method];
    if (typeof original !== 'function') continue;
    sys[method] = function (p, ...rest) {
      return original.call(this, forward(p), ...rest);
    };
  }
  // tslab itself makes `<notebook dir>/node_modules` appear to exist (for `import 'tslab'`), so
  // TypeScript looks there and finds the forwarded roothaan.
}
