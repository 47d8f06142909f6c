// train: metrics and grid search (fit/evaluate to follow).
export { accuracy, confusionMatrix, meanSquaredError, r2Score } from "./metrics";
export type { NumericInput } from "./metrics";
export { gridSearch } from "./gridSearch";
export type { GridAxis, GridPoint, GridSearchDataSet, GridSearchOptions, GridSearchProgress, GridSearchResult } from "./gridSearch";
export { runGridSearchJob } from "./gridSearchJob";
export type { GridSearchData, GridSearchJob, GridSearchJobResult, GridSearchModel } from "./gridSearchJob";
