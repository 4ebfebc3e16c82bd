import { escapeHtml } from './html';
import { figureHtml } from './figure-html';
import type { PlotlyFigure } from './figure';
import { plotlySource, plotlyVersion } from './plotly-source';

/** One block of a {@link standalonePage}, in page order. */
export type PageBlock =
  /** A Plotly figure (from the figure builders). */
  | { readonly figure: PlotlyFigure; readonly heading?: string }
  /** Trusted HTML, e.g. a table from `moleculeSummary(...).html` or `IterationTable.html()`. */
  | { readonly html: string; readonly heading?: string }
  /** Plain text, shown preformatted. */
  | { readonly text: string; readonly heading?: string };

/** Options of {@link standalonePage}. */
export interface StandalonePageOptions {
  /** The page title (`<title>` and the top heading). */
  title: string;
  /** A line under the title, e.g. the job id and date. */
  subtitle?: string;
  /** The blocks, in order. */
  blocks: readonly PageBlock[];
}

/**
 * A self-contained HTML page (one string, no external URL: plotly.js is inlined once in the
 * head) showing figures, tables and text. Opens offline in any browser; `roothaan report` writes
 * one per job.
 *
 * @example
 * ```ts
 * fs.writeFileSync('report.html', standalonePage({
 *   title: 'Water / STO-3G',
 *   blocks: [{ html: moleculeSummary(mol).html }, { figure: convergenceFigure(result.history) }],
 * }));
 * ```
 */
export function standalonePage(options: StandalonePageOptions): string {
  const hasFigures = options.blocks.some((b) => 'figure' in b);
  const body = options.blocks
    .map((block, i) => {
      const h = block.heading === undefined ? '' : `<h2>${escapeHtml(block.heading)}</h2>\n`;
      if ('figure' in block) {
        return `<section class="roothaan-block">\n${h}${figureHtml(block.figure, { includePlotly: false, id: `roothaan-figure-${i + 1}` })}\n</section>`;
      }
      if ('html' in block) return `<section class="roothaan-block">\n${h}${block.html}\n</section>`;
      return `<section class="roothaan-block">\n${h}<pre>${escapeHtml(block.text)}</pre>\n</section>`;
    })
    .join('\n');
  const figureCount = options.blocks.filter((b) => 'figure' in b).length;
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<meta name="generator" content="roothaan${hasFigures ? `; plotly.js ${escapeHtml(plotlyVersion())} inlined` : ''}">\n` +
    `<meta name="roothaan-figures" content="${figureCount}">\n` +
    `<title>${escapeHtml(options.title)}</title>\n` +
    '<style>\n' +
    'body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #222; }\n' +
    'h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.6em; }\n' +
    '.subtitle { color: #666; margin-top: 0; } pre { background: #f6f6f6; padding: 8px; overflow-x: auto; }\n' +
    '.roothaan-table tr:nth-child(even) { background: #f6f6f6; } .roothaan-table th { border-bottom: 1px solid #999; }\n' +
    '</style>\n' +
    (hasFigures ? `<script type="text/javascript">\n${plotlySource()}\n</script>\n` : '') +
    '</head>\n<body>\n' +
    `<h1>${escapeHtml(options.title)}</h1>\n` +
    (options.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(options.subtitle)}</p>\n`) +
    `${body}\n` +
    '</body>\n</html>\n'
  );
}
