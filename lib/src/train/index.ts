// train: metrics, grid search, and fit / evaluate / predict for Modules.
export { accuracy, confusionMatrix, type NumericInput } from "./metrics";
export { gridSearch, type GridAxis, type GridJob, type GridPoint, type GridScores, type GridSearchOptions, type GridSearchResult } from "./gridSearch";
export { fit, type FitOptions, type FitSampling, type OptimizerName, type ScheduleUnit } from "./fit";
export { evaluate, type EvaluateOptions, type Evaluation, type LabelledData } from "./evaluate";
export { predict, predictProbabilities, predictOutputs, type PredictOptions } from "./predict";
export type { History, EpochRecord, BatchInfo, FitCallbacks, EarlyStoppingOptions } from "./history";
