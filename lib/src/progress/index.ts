/** progress: a live progress bar (epoch, loss, accuracy, ETA) for notebooks (updated in place) and terminals; training code enables it with `progress: true`. */
export { createProgress, progressEnabledByEnv, type Progress, type ProgressOptions, type ProgressStream } from "./createProgress";
export { progressText, progressHtml, formatDuration, formatMetric, estimateRemaining, type ProgressState } from "./formatProgress";
