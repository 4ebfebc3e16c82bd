/**
 * The script of a figure output: draw with the page's plotly.js, or load plotly.js once per page
 * from the Jupyter server, or leave the static image with a note saying why.
 *
 * Why not "send plotly.js once per kernel": the kernel cannot know what a page has. A reloaded tab,
 * a reopened notebook or one just trusted is a new page with a kernel that already "sent" it, and
 * its figures stayed blank (issue #13). Each output now finds plotly.js by itself, so it draws in
 * any page, and the saved notebook still carries no copy of plotly.js per figure.
 *
 * @packageDocumentation
 */
import { scriptJson } from './html';

/** What {@link plotlyLoaderScript} draws and where it finds plotly.js. */
export interface PlotlyLoaderInput {
  /** The plot div's id (the static image is `<id>-static`, the reason it shows `<id>-why`). */
  readonly id: string;
  readonly data: unknown;
  readonly layout: unknown;
  readonly config: unknown;
  /** The kernel spec whose folder holds plotly.js, or null (then only the page's kernel is asked). */
  readonly kernel: string | null;
  /** plotly.js's file name in that folder (see `plotlyFileName`). */
  readonly file: string;
}

/**
 * The JavaScript (no `<script>` tags) that draws one figure. In order:
 * 1. wait (up to 10 s) until the output is in the document (classic Notebook runs an output's
 *    scripts before it inserts the output);
 * 2. if `window.Plotly` exists (the standalone page, a `notebook.loadPlotly()` output, an earlier
 *    figure), draw;
 * 3. else, in a Jupyter page, load `<base_url>kernelspecs/<kernel>/<file>` with one `<script>`
 *    element shared by every figure of the page (the promise `window.__roothaanPlotly`): classic
 *    Notebook's `data-base-url` and running kernel, JupyterLab's `jupyter-config-data`;
 * 4. draw, then hide the static image and record the time taken (`data-roothaan-render-ms` on the
 *    plot div, milliseconds from the script's start); if plotly.js cannot be had, keep the image
 *    and say why.
 *
 * @example
 * ```ts
 * const js = plotlyLoaderScript({ id: 'fig-1', data: [], layout: {}, config: {}, kernel: 'roothaan', file: 'plotly-4.1.2.min.js' });
 * js.includes('kernelspecs/'); // true
 * ```
 */
export function plotlyLoaderScript(input: PlotlyLoaderInput): string {
  return (
    `(function () {\n` +
    `  var figure = ${scriptJson({ data: input.data, layout: input.layout })};\n` +
    `  var config = ${scriptJson(input.config)};\n` +
    `  var id = ${scriptJson(input.id)}, kernel = ${scriptJson(input.kernel)}, file = ${scriptJson(input.file)};\n` +
    `  var w = window, t0 = Date.now();\n` +
    `  function byId(suffix) { return document.getElementById(id + suffix); }\n` +
    `  function say(text) { var why = byId('-why'); if (why) why.textContent = '(' + text + ')'; }\n` +
    `  function draw() {\n` +
    `    var el = byId('');\n` +
    `    el.style.display = 'block';\n` +
    `    var hide = function () { var s = byId('-static'); if (s) s.style.display = 'none'; el.setAttribute('data-roothaan-render-ms', String(Date.now() - t0)); };\n` +
    `    try { var p = w.Plotly.newPlot(el, figure.data, figure.layout, config); if (p && p.then) p.then(hide, function (e) { el.style.display = 'none'; say('the figure could not be drawn: ' + e); }); else hide(); }\n` +
    `    catch (e) { el.style.display = 'none'; say('the figure could not be drawn: ' + e); }\n` +
    `  }\n` +
    `  function serverUrl() {\n` +
    `    if (location.protocol === 'file:') return null;\n` +
    `    var J = w.Jupyter, name = (J && J.notebook && J.notebook.kernel && J.notebook.kernel.name) || kernel;\n` +
    `    var base = document.body ? document.body.getAttribute('data-base-url') : null;\n` +
    `    if (base === null) { var c = document.getElementById('jupyter-config-data'); if (c) { try { base = JSON.parse(c.textContent || '{}').baseUrl || null; } catch (e) { base = null; } } }\n` +
    `    if (!name || base === null) return null;\n` +
    `    return base.replace(/\\/?$/, '/') + 'kernelspecs/' + encodeURIComponent(name) + '/' + file;\n` +
    `  }\n` +
    `  function load() {\n` +
    `    if (w.__roothaanPlotly) return w.__roothaanPlotly;\n` +
    `    var url = serverUrl();\n` +
    `    if (url === null) return Promise.reject(new Error('this page has no plotly.js and no Jupyter server to load it from: run notebook.loadPlotly() in the notebook'));\n` +
    `    w.__roothaanPlotly = new Promise(function (resolve, reject) {\n` +
    `      var s = document.createElement('script');\n` +
    `      s.src = url;\n` +
    `      s.onload = function () { if (w.Plotly) resolve(); else reject(new Error(url + ' did not define Plotly')); };\n` +
    `      s.onerror = function () { w.__roothaanPlotly = undefined; reject(new Error('plotly.js could not be loaded from ' + url + ': reinstall the kernel (roothaan kernel install), or run notebook.loadPlotly() in the notebook')); };\n` +
    `      document.head.appendChild(s);\n` +
    `    });\n` +
    `    return w.__roothaanPlotly;\n` +
    `  }\n` +
    `  var tries = 0;\n` +
    `  function start() {\n` +
    `    if (!byId('')) { if (++tries < 200) setTimeout(start, 50); return; }\n` +
    `    if (w.Plotly) { draw(); return; }\n` +
    `    load().then(draw, function (e) { say(String(e && e.message || e) + '; a static image is shown'); });\n` +
    `  }\n` +
    `  start();\n` +
    `})();\n`
  );
}
