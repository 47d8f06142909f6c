// train: metrics, grid search, and fit / evaluate / predict for Modules.
export { accuracy, confusionMatrix } from "./metrics";
export type { NumericInput } from "./metrics";
export { gridSearch } from "./gridSearch";
export type { GridAxis, GridJob, GridPoint, GridScores, GridSearchOptions, GridSearchResult } from "./gridSearch";
export { fit } from "./fit";
export type { FitOptions, FitSampling, OptimizerName, ScheduleUnit } from "./fit";
export { evaluate } from "./evaluate";
export type { EvaluateOptions, Evaluation, LabelledData } from "./evaluate";
export { predict, predictProbabilities, predictOutputs } from "./predict";
export type { PredictOptions } from "./predict";
export type { History, EpochRecord, BatchInfo, FitCallbacks } from "./history";
export { EarlyStopping } from "./earlyStopping";
export type { EarlyStoppingOptions } from "./earlyStopping";
