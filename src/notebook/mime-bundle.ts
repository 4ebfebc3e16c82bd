/**
 * A Jupyter MIME bundle: one representation of the same output per MIME type, best first
 * (Jupyter messaging protocol, `display_data.content.data`,
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#display-data). The front end
 * renders the richest type it knows and ignores the rest.
 *
 * @example
 * ```ts
 * const bundle: MimeBundle = { 'text/html': '<b>SCF converged</b>', 'text/plain': 'SCF converged' };
 * ```
 */
export type MimeBundle = Record<string, unknown>;

/** The MIME type of a Plotly figure ({data, layout}), rendered natively by JupyterLab's Plotly extension. */
export const PLOTLY_MIME_TYPE = 'application/vnd.plotly.v1+json';
