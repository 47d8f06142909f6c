export * from "./matmul";
export * from "./geometry";
export * from "./conv2d";
export * from "./conv2d-naive";
export * from "./pool2d";
export * from "./pool2d-naive";
export * from "./elementwise";
export * from "./vector";
