/** An IDX array of unsigned bytes: its dimensions and its values in row-major order. */
export interface ParsedIdx {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parses LeCun's IDX format for uint8 arrays (the format of the original MNIST files):
 * two zero bytes, type 0x08, the rank, each dimension as a big-endian uint32, then the bytes.
 * `expectedDims` (if given) must match exactly.
 */
export function parseIdx(bytes: Uint8Array, expectedDims?: readonly number[]): ParsedIdx {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08) {
    throw new Error("not an IDX file of unsigned bytes (magic number 0x0000 08 rr)");
  }
  const rank = bytes[3];
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) throw new Error(`IDX header of rank ${rank} is truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    size *= d;
  }
  if (expectedDims !== undefined && (dims.length !== expectedDims.length || dims.some((d, i) => d !== expectedDims[i]))) {
    throw new Error(`IDX dimensions are [${dims.join(", ")}], expected [${expectedDims.join(", ")}]`);
  }
  if (bytes.length !== headerLength + size) {
    throw new Error(`IDX payload has ${bytes.length - headerLength} bytes, dimensions [${dims.join(", ")}] need ${size}`);
  }
  return { dims, data: bytes.slice(headerLength) };
}
