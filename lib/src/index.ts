/**
 * nnlab: the engine of the nnlab neural-network course.
 */
export const version: string = require("../package.json").version;
export * from "./random";
