import * as fs from 'node:fs';
import { RoothaanError } from '../errors';
import { inlineScriptSource } from './html';

let cached: string | undefined;

/**
 * The plotly.js bundle (the npm package `plotly.js-dist-min`) as JavaScript source, ready to inline
 * in a `<script>` element: no CDN, so figures render with no network. Read once and cached
 * (about 4.8 MB). The bundle defines `window.Plotly` and does not call AMD `define`, so it also
 * loads in classic Notebook pages where require.js is present.
 *
 * @example
 * ```ts
 * const js = plotlySource();
 * js.includes('window.Plotly'); // true
 * ```
 */
export function plotlySource(): string {
  if (cached === undefined) {
    let file: string;
    try {
      file = require.resolve('plotly.js-dist-min');
    } catch {
      throw new RoothaanError(
        'PLOTLY_MISSING',
        'the npm package plotly.js-dist-min is not installed; it is a dependency of roothaan: reinstall roothaan (npm install)',
      );
    }
    cached = inlineScriptSource(fs.readFileSync(file, 'utf8'));
  }
  return cached;
}

/**
 * The version of the bundled plotly.js, read from its package.json.
 *
 * @example
 * ```ts
 * plotlyVersion(); // '4.1.2'
 * ```
 */
export function plotlyVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(require.resolve('plotly.js-dist-min/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The file name under which `roothaan kernel install` puts plotly.js next to the kernel's
 * kernel.json (`plotly-<version>.min.js`): the Jupyter server serves it at
 * `<base_url>kernelspecs/<kernel>/<file>`, where a figure output loads it from when the page has
 * no plotly.js yet. The version in the name keeps a page from loading a stale copy.
 *
 * @example
 * ```ts
 * plotlyFileName(); // 'plotly-4.1.2.min.js'
 * ```
 */
export function plotlyFileName(): string {
  return `plotly-${plotlyVersion()}.min.js`;
}
