import { randomBytes } from 'node:crypto';
import { RoothaanError } from '../errors';
import type { MimeBundle } from './mime-bundle';

/**
 * Where displays go: a Jupyter front end (through tslab), or anything else that takes MIME
 * bundles (tests record them; a script could write files). An output shown with a `displayId` can
 * later be replaced in place with {@link DisplaySink.update} (Jupyter's `update_display_data`).
 */
export interface DisplaySink {
  /** Shows a bundle as a new output of the running cell. */
  display(bundle: MimeBundle, options?: { displayId?: string }): void;
  /** Replaces every output shown with `displayId` by this bundle. */
  update(bundle: MimeBundle, displayId: string): void;
}

/** tslab's internal writer: `(content, update) => void`, sending display_data or update_display_data. */
type TslabWriter = (content: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } }, update: boolean) => void;

interface TslabDisplay {
  raw(contentType: string, b: string | Uint8Array): unknown;
}
interface TslabPublic {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

/**
 * The writer of the tslab kernel running this process, if any. tslab (1.0.x) keeps it in
 * `tslab/dist/jupyter.js` as `lastWriteDisplayData`, set for each executed cell; it sends a whole
 * MIME bundle, where tslab's public `display.raw` sends one MIME type only. Looking it up in the
 * module cache finds the instance that actually runs the kernel, even when the notebook's folder
 * has a tslab of its own.
 */
function findTslabWriter(): TslabWriter | undefined {
  const cache = typeof require === 'function' ? require.cache : undefined;
  if (cache === undefined) return undefined;
  for (const [file, mod] of Object.entries(cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file)) continue;
    const writer = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof writer === 'function') return writer as TslabWriter;
  }
  return undefined;
}

/** tslab's public module as a notebook cell sees it (`__tslab__.require` is the kernel's hooked require). */
function tslabPublic(): TslabPublic | undefined {
  const hook = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (typeof hook?.require !== 'function') return undefined;
  try {
    return hook.require('tslab') as TslabPublic;
  } catch {
    return undefined;
  }
}

/** The MIME type the single-type fallback keeps: HTML if there is any, else the first. */
function preferredType(bundle: MimeBundle): string {
  for (const t of ['text/html', 'text/markdown', 'text/plain']) if (t in bundle) return t;
  return Object.keys(bundle)[0] ?? 'text/plain';
}

/**
 * A sink that displays through the tslab kernel running this process, or undefined when this
 * process is not a tslab kernel (a script, a test, the CLI). tslab is never loaded by this
 * function: it only finds an instance the kernel already loaded.
 *
 * @example
 * ```ts
 * const sink = tslabSink();
 * sink?.display({ 'text/html': '<b>hello</b>', 'text/plain': 'hello' });
 * ```
 */
export function tslabSink(): DisplaySink | undefined {
  if (findTslabWriter() === undefined && tslabPublic() === undefined) return undefined;
  const handles = new Map<string, TslabDisplay>();
  const send = (bundle: MimeBundle, displayId: string | undefined, update: boolean): void => {
    const writer = findTslabWriter();
    if (writer !== undefined) {
      writer({ data: bundle, metadata: {}, transient: displayId === undefined ? {} : { display_id: displayId } }, update);
      return;
    }
    // Fallback through the public API: one MIME type per output.
    const pub = tslabPublic();
    if (pub === undefined) throw notInKernel();
    const type = preferredType(bundle);
    const value = bundle[type];
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (displayId === undefined) {
      pub.display.raw(type, text);
      return;
    }
    let handle = handles.get(displayId);
    if (handle === undefined) {
      handle = pub.newDisplay();
      handles.set(displayId, handle);
    }
    handle.raw(type, text);
  };
  return {
    display: (bundle, options) => send(bundle, options?.displayId, false),
    update: (bundle, displayId) => send(bundle, displayId, true),
  };
}

function notInKernel(): RoothaanError {
  return new RoothaanError(
    'NO_DISPLAY',
    'nothing to display to: this is not a Jupyter kernel (tslab). In a notebook, choose the "TypeScript (roothaan)" ' +
      'kernel (install it with `roothaan kernel install --user`); elsewhere, write HTML with figureHtml() or standalonePage(), ' +
      'or pass a DisplaySink.',
  );
}

let explicitSink: DisplaySink | undefined;

/**
 * Sets the sink every display helper uses when none is passed (undefined restores the default:
 * the tslab kernel, if this process is one). Returns the previous one.
 *
 * @example
 * ```ts
 * const shown: MimeBundle[] = [];
 * setDisplaySink({ display: (b) => void shown.push(b), update: () => undefined });
 * ```
 */
export function setDisplaySink(sink: DisplaySink | undefined): DisplaySink | undefined {
  const previous = explicitSink;
  explicitSink = sink;
  return previous;
}

/**
 * The sink to use: the one given, else the one set with {@link setDisplaySink}, else the tslab
 * kernel's. Outside a kernel with no sink this is a RoothaanError with code `NO_DISPLAY` that
 * says what to do.
 *
 * @example
 * ```ts
 * resolveSink().display({ 'text/plain': 'hello' });
 * ```
 */
export function resolveSink(sink?: DisplaySink): DisplaySink {
  const found = sink ?? explicitSink ?? tslabSink();
  if (found === undefined) throw notInKernel();
  return found;
}

/**
 * A new display id (16 hex digits), for outputs that will be updated in place.
 *
 * @example
 * ```ts
 * newDisplayId(); // e.g. '3f9c2a7d10b4e6a1'
 * ```
 */
export function newDisplayId(): string {
  return randomBytes(8).toString('hex');
}

/** Options of the display functions. */
export interface DisplayOptions {
  /** Where to display (default {@link resolveSink}). */
  sink?: DisplaySink;
  /** Show it under this id, so that {@link updateDisplay} can replace it later. */
  displayId?: string;
}

/**
 * Displays a MIME bundle as an output of the running cell.
 *
 * @example
 * ```ts
 * display({ 'text/markdown': '**E** = −74.94 Eh', 'text/plain': 'E = -74.94 Eh' });
 * ```
 */
export function display(bundle: MimeBundle, options: DisplayOptions = {}): void {
  resolveSink(options.sink).display(bundle, options.displayId === undefined ? undefined : { displayId: options.displayId });
}

/**
 * Replaces the output(s) displayed under `displayId` (works across cells, as Jupyter's
 * `update_display_data` does).
 *
 * @example
 * ```ts
 * const id = newDisplayId();
 * display({ 'text/plain': 'running…' }, { displayId: id });
 * updateDisplay({ 'text/plain': 'done' }, id);
 * ```
 */
export function updateDisplay(bundle: MimeBundle, displayId: string, options: { sink?: DisplaySink } = {}): void {
  resolveSink(options.sink).update(bundle, displayId);
}

/**
 * Displays HTML (with a plain-text fallback, default the HTML with its tags removed).
 *
 * @example
 * ```ts
 * displayHtml('<b>converged</b>');
 * ```
 */
export function displayHtml(html: string, options: DisplayOptions & { text?: string } = {}): void {
  display({ 'text/html': html, 'text/plain': options.text ?? html.replace(/<[^>]*>/g, '') }, options);
}
