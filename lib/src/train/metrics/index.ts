export { accuracy } from "./accuracy";
export { confusionMatrix } from "./confusionMatrix";
export { meanSquaredError } from "./meanSquaredError";
export { r2Score } from "./r2Score";
export type { NumericInput } from "./toArray";
