export * from "./matmul";
