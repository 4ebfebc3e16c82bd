/**
 * notebook: display helpers for Jupyter (the tslab kernel) and the kernel spec.
 *
 * - Figures as plain Plotly JSON built from plain data: {@link convergenceFigure},
 *   {@link compareRunsFigure}, {@link orbitalLevelsFigure}, {@link matrixHeatmap}.
 * - Displays: {@link displayFigure} (Plotly MIME bundle + offline HTML fallback),
 *   {@link displayMolecule}, {@link IterationTable} / {@link watchScf} (a table updated in place
 *   while the SCF runs), {@link watchGroup} (a job group's live table while workers run it),
 *   {@link display} for any MIME bundle.
 * - Outside a notebook: {@link figureHtml} and {@link standalonePage} (plotly.js inlined), and
 *   {@link jobReportPage}, a stored job's report (`roothaan report`).
 * - The kernel: {@link kernelSpec}, {@link installKernel}.
 *
 * Loading this module never loads tslab: displays find the running kernel when they are called.
 *
 * @example
 * ```ts
 * import { scf, notebook } from 'roothaan';
 * const { result, records } = await notebook.watchScf(prepared);
 * notebook.displayFigure(notebook.convergenceFigure(records));
 * ```
 */
export type { MimeBundle } from './mime-bundle';
export { PLOTLY_MIME_TYPE } from './mime-bundle';
export type { PlotlyFigure, PlotlyTrace } from './figure';
export { PLOTLY_CONFIG, figureHeight, figureTitle } from './figure';
export { escapeHtml, scriptJson, inlineScriptSource, htmlTable, textTable } from './html';
export type { TableColumn } from './html';
export { plotlySource, plotlyVersion } from './plotly-source';
export { figureHtml, figureBundle } from './figure-html';
export type { FigureHtmlOptions } from './figure-html';
export { convergenceFigure, compareRunsFigure, traceColor } from './convergence-figure';
export type { ConvergencePoint, ConvergenceFigureOptions, NamedRun, ConvergenceMetric, CompareRunsOptions } from './convergence-figure';
export { orbitalLevelsFigure } from './orbital-levels-figure';
export type { OrbitalLevels, OrbitalLevelsOptions } from './orbital-levels-figure';
export { matrixHeatmap } from './matrix-heatmap';
export type { MatrixHeatmapOptions } from './matrix-heatmap';
export { moleculeSummary, moleculeBundle } from './molecule-summary';
export type { MoleculeLike, MoleculeSummary } from './molecule-summary';
export { tslabSink, setDisplaySink, resolveSink, newDisplayId, display, updateDisplay, displayHtml } from './display-sink';
export type { DisplaySink, DisplayOptions } from './display-sink';
export { displayFigure, displayMolecule, loadPlotly, resetPlotlyLoaded } from './display-figure';
export type { DisplayFigureOptions } from './display-figure';
export { IterationTable } from './iteration-table';
export type { IterationRow, IterationOutcome, IterationTableOptions } from './iteration-table';
export { watchScf } from './watch-scf';
export type { WatchScfOptions, WatchCalculationOptions, WatchedScf } from './watch-scf';
export { watchGroup } from './watch-group';
export type { WatchGroupOptions } from './watch-group';
export { GROUP_PROGRESS_COLUMNS, groupProgressCells, groupProgressSummary, groupProgressBundle } from './group-table';
export { standalonePage } from './standalone-page';
export type { PageBlock, StandalonePageOptions } from './standalone-page';
export { jobReportPage, jobReportBlocks, jobReportBanner, jobIterations, timingsFigure } from './job-report';
export type { JobReportData, JobReportJob, JobReportEvent, JobReportGeometry, JobReportOptions, JobIterationPoint } from './job-report';
export { iterationAxis, logAxis } from './axes';
export {
  DEFAULT_KERNEL_NAME,
  INSTALL_JUPYTER_HINT,
  packageRoot,
  kernelSpec,
  kernelDirectory,
  checkKernelName,
  findJupyter,
  installKernel,
} from './kernel-spec';
export type { KernelSpec, KernelSpecOptions, KernelTarget, InstallKernelOptions, KernelInstall } from './kernel-spec';
export { figureSvg } from './figure-svg';
export { figureSummary } from './figure-summary';
export { plotlyFileName } from './plotly-source';
export { plotlyLoaderScript } from './plotly-loader';
export type { PlotlyLoaderInput } from './plotly-loader';
export { LiveConvergence, liveConvergenceFigure, controlChanges } from './live-convergence';
export type { LivePoint, ControlMark, LiveConvergenceOptions } from './live-convergence';
export { ProgressDisplay, prepareWithProgress } from './progress-display';
export type { ProgressDisplayOptions } from './progress-display';
export { matrixTable } from './matrix-table';
export type { MatrixTableOptions } from './matrix-table';
export { threeDmolSource, threeDmolGzipBase64, threeDmolVersion } from './viewer3d-source';
export { viewer3dHtml, LOBE_COLORS } from './viewer3d-html';
export type { ViewerAtom, ViewerVolume, Isosurface, Viewer3dOptions } from './viewer3d-html';
export { showMolecule, moleculeViewBundle } from './molecule-view';
export type { MoleculeViewLike, MoleculeViewOptions } from './molecule-view';
export { showOrbital, orbitalViewBundle, orbitalVolume, orbitalIndex } from './orbital-view';
export type { OrbitalSource, OrbitalSelector, OrbitalViewOptions, OrbitalVolume } from './orbital-view';
export { showDensity, densityViewBundle } from './density-view';
export type { DensityViewOptions } from './density-view';
