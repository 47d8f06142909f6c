// What the browser bundle of nnlab gets for Node's built-in modules. Only the
// paths nnlab takes outside a kernel use them (show({ file }), gridSearch's
// worker threads, findDataDir): in the browser they fail with a clear message.
const unavailable = (what) => () => {
  throw new Error(`${what} is not available in the browser (run the notebook in Jupyter for this)`);
};
export const readFileSync = unavailable("fs.readFileSync");
export const writeFileSync = unavailable("fs.writeFileSync");
export const mkdirSync = unavailable("fs.mkdirSync");
export const existsSync = () => false;
export const statSync = unavailable("fs.statSync");
export const join = (...parts) => parts.filter(Boolean).join("/").replace(/\/+/g, "/");
export const resolve = (...parts) => join(...parts);
export const dirname = (p) => String(p).replace(/\/[^/]*$/, "") || "/";
export const basename = (p) => String(p).replace(/^.*\//, "");
export const cpus = () => [{}];
export const availableParallelism = () => 1;
export const tmpdir = () => "/tmp";
export const createRequire = () => {
  const req = unavailable("require");
  req.resolve = unavailable("require.resolve");
  return req;
};
export const createHash = unavailable("crypto.createHash");
export const gunzipSync = unavailable("zlib.gunzipSync");
export class Worker {
  constructor() {
    throw new Error("worker_threads is not available in the browser");
  }
}
export const parentPort = null;
export const workerData = null;
const all = { readFileSync, writeFileSync, mkdirSync, existsSync, statSync, join, resolve, dirname, basename, cpus, availableParallelism, tmpdir, createRequire, createHash, gunzipSync, Worker, parentPort, workerData, sep: "/" };
export default all;
