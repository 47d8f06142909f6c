/** plot: pure Plotly figure builders and `show`, which displays a figure inline in a tslab notebook (plotly.js embedded once per kernel session). */
export { figure, defaultConfig, type Figure, type Plotly } from "./figure";
export type { Values as PlotValues, Matrix as PlotMatrix } from "./values";
export { lineChart, type LineChartOptions, type Series } from "./lineChart";
export { heatmap, type HeatmapOptions, type TickFormat } from "./heatmap";
export { confusionMatrixChart, type ConfusionMatrixOptions } from "./confusionMatrixChart";
export { imageGrid, type ImageGridOptions } from "./imageGrid";
export { decisionBoundary, type DecisionBoundaryOptions } from "./decisionBoundary";
export { activationChart, type ActivationChartOptions, type ActivationCurve } from "./activationChart";
export { solutionChart, type SolutionChartOptions } from "./solutionChart";
export { surfaceChart, type SurfaceChartOptions, type Surface } from "./surfaceChart";
export { show, loadPlotly, describeFigure, plotMimeBundle, PLOTLY_MIME_MAX_CHARS, type ShowOptions } from "./show";
export { figureHtml, figureJson, plotlyBundleHtml, pageHtml, jsonForHtml, BUNDLE_ATTRIBUTE } from "./html";
export { detectNotebook, type DisplaySink, type MimeBundle, type NotebookEnvironment } from "./notebook";
