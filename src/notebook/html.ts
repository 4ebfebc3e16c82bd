/**
 * Small HTML helpers shared by the tables, the figure fallback and the standalone page.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<H2> & "x"'); // '&lt;H2&gt; &amp; &quot;x&quot;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * JSON for a value that goes inside an inline `<script>`: `<`, `>` and `&` are written as
 * `\u003c`, `\u003e`, `\u0026` so no string in the data can close the script element or open an
 * HTML comment (HTML Living Standard §4.12.1.3, restrictions for contents of script elements).
 *
 * @example
 * ```ts
 * scriptJson({ title: '</script>' }); // '{"title":"\\u003c/script\\u003e"}'
 * ```
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Makes JavaScript source safe to inline in a `<script>` element: a `</script` or `<!--` can only
 * occur inside string, regular expression or comment text in valid code, where `<\/script` and
 * `<\!--` mean the same characters.
 *
 * @example
 * ```ts
 * inlineScriptSource('var s = "</script>";'); // 'var s = "<\\/script>";'
 * ```
 */
export function inlineScriptSource(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** A column of an {@link htmlTable}. */
export interface TableColumn {
  /** Header text (plain text, escaped). */
  readonly header: string;
  /** Right-align numbers (default true). */
  readonly numeric?: boolean;
}

/**
 * Renders a table as HTML (text escaped) with a compact monospace style that reads well in
 * JupyterLab, classic Notebook and a standalone page.
 *
 * @param columns headers and alignment.
 * @param rows cell texts, already formatted (numbers to strings with their units in the header).
 * @param caption optional caption above the table.
 * @example
 * ```ts
 * htmlTable([{ header: 'iter' }, { header: 'E / Eh' }], [['1', '-74.9']]);
 * ```
 */
export function htmlTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[], caption?: string): string {
  const align = (c: TableColumn): string => (c.numeric === false ? 'left' : 'right');
  const th = columns.map((c) => `<th style="text-align:${align(c)};padding:2px 8px">${escapeHtml(c.header)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        '<tr>' +
        r.map((cell, i) => `<td style="text-align:${align(columns[i] ?? { header: '' })};padding:2px 8px">${escapeHtml(cell)}</td>`).join('') +
        '</tr>',
    )
    .join('\n');
  const cap = caption === undefined ? '' : `<caption style="text-align:left;font-weight:bold;padding:2px 8px">${escapeHtml(caption)}</caption>`;
  return (
    `<table class="roothaan-table" style="border-collapse:collapse;font-family:monospace;font-size:12px">` +
    `${cap}<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`
  );
}

/**
 * Renders the same table as aligned plain text (the `text/plain` fallback of a display).
 *
 * @example
 * ```ts
 * textTable([{ header: 'iter' }], [['1'], ['10']]); // 'iter\n----\n   1\n  10'
 * ```
 */
export function textTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[], caption?: string): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (text: string, i: number): string =>
    columns[i]?.numeric === false ? text.padEnd(widths[i]!) : text.padStart(widths[i]!);
  const lines = [columns.map((c, i) => pad(c.header, i)).join('  ').trimEnd(), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows) lines.push(columns.map((_, i) => pad(r[i] ?? '', i)).join('  ').trimEnd());
  return (caption === undefined ? '' : caption + '\n') + lines.join('\n');
}
