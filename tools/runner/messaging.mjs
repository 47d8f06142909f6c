// The Jupyter messaging protocol's wire format (protocol version 5.3):
// https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
//
// A message on a ZeroMQ socket is a list of frames:
//   [routing identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]
// The signature is HMAC-SHA256 (hex) over the four JSON frames header..content, keyed
// with the `key` from the connection file.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const DELIMITER = "<IDS|MSG>";
export const PROTOCOL_VERSION = "5.3";

/**
 * HMAC-SHA256 signature (lower-case hex) of the given frames, in order.
 * An empty key disables signing (the protocol's rule): the signature is "".
 * @param {string} key
 * @param {Array<string | Buffer>} frames
 */
export function sign(key, frames) {
  if (!key) return "";
  const hmac = createHmac("sha256", key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest("hex");
}

/**
 * A new message header.
 * @param {string} msgType e.g. "execute_request"
 * @param {string} session the client's session id (one per kernel connection)
 */
export function makeHeader(msgType, session, username = "nnlab-runner") {
  return {
    msg_id: randomUUID(),
    msg_type: msgType,
    session,
    username,
    date: new Date().toISOString(),
    version: PROTOCOL_VERSION,
  };
}

/**
 * Serialise a message to its frames (without routing identities: a Dealer socket
 * sends none, the kernel's Router adds ours).
 * @param {{ header: object, parent_header?: object, metadata?: object, content?: object }} msg
 * @param {string} key
 * @returns {Array<string>}
 */
export function serialize(msg, key) {
  const body = [
    JSON.stringify(msg.header),
    JSON.stringify(msg.parent_header ?? {}),
    JSON.stringify(msg.metadata ?? {}),
    JSON.stringify(msg.content ?? {}),
  ];
  return [DELIMITER, sign(key, body), ...body];
}

/**
 * Parse received frames into a message, checking the signature.
 * Throws an Error naming what is wrong (no delimiter, missing frames, bad JSON,
 * bad signature), so a protocol problem is reported instead of silently dropped.
 * @param {Array<Buffer | string>} frames
 * @param {string} key
 */
export function deserialize(frames, key) {
  const bufs = frames.map((f) => (typeof f === "string" ? Buffer.from(f) : Buffer.from(f)));
  const delimiter = Buffer.from(DELIMITER);
  const at = bufs.findIndex((b) => b.equals(delimiter));
  if (at < 0) throw new Error("jupyter message: no <IDS|MSG> delimiter among the frames");
  if (bufs.length < at + 6) {
    throw new Error(`jupyter message: expected signature and 4 JSON frames after the delimiter, got ${bufs.length - at - 1} frames`);
  }
  const signature = bufs[at + 1].toString("ascii");
  const body = bufs.slice(at + 2, at + 6);
  if (key) {
    const expected = Buffer.from(sign(key, body), "ascii");
    const got = Buffer.from(signature, "ascii");
    if (expected.length !== got.length || !timingSafeEqual(expected, got)) {
      throw new Error("jupyter message: invalid HMAC-SHA256 signature");
    }
  }
  const names = ["header", "parent_header", "metadata", "content"];
  const parsed = body.map((b, i) => {
    try {
      return JSON.parse(b.toString("utf8"));
    } catch (e) {
      throw new Error(`jupyter message: the ${names[i]} frame is not valid JSON (${e.message})`);
    }
  });
  return {
    identities: bufs.slice(0, at),
    header: parsed[0],
    parent_header: parsed[1],
    metadata: parsed[2],
    content: parsed[3],
    buffers: bufs.slice(at + 6),
  };
}
