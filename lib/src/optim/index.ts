export * from "./optimizer";
export * from "./schedules";
export * from "./clip";
export * from "./sgd";
export * from "./adagrad";
export * from "./rmsprop";
export * from "./adam";
export { DivergenceWatch } from "./divergence";
