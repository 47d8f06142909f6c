import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DELIMITER, deserialize, makeHeader, serialize, sign } from "../../tools/runner/messaging.mjs";

describe("sign", () => {
  it("is HMAC-SHA256 over the concatenated frames (RFC 4231 test case 2)", () => {
    // RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?".
    const expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    expect(sign("Jefe", ["what do ya want for nothing?"])).toBe(expected);
    expect(sign("Jefe", ["what do ya ", "want ", "for nothing?"])).toBe(expected);
  });

  it("returns an empty signature for an empty key (signing disabled)", () => {
    expect(sign("", ["anything"])).toBe("");
  });
});

describe("serialize / deserialize", () => {
  const key = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

  it("writes the delimiter, the signature of the four JSON frames, then the frames", () => {
    const header = makeHeader("execute_request", "session-1");
    const frames = serialize({ header, content: { code: "1 + 1" } }, key);
    expect(frames[0]).toBe(DELIMITER);
    expect(frames.slice(2)).toEqual([JSON.stringify(header), "{}", "{}", JSON.stringify({ code: "1 + 1" })]);
    const reference = createHmac("sha256", key).update(frames.slice(2).join("")).digest("hex");
    expect(frames[1]).toBe(reference);
  });

  it("round-trips, keeping routing identities in front of the delimiter", () => {
    const header = makeHeader("kernel_info_reply", "s");
    const frames = [Buffer.from("peer-identity"), ...serialize({ header, parent_header: { msg_id: "p" }, content: { status: "ok" } }, key).map((f) => Buffer.from(f))];
    const msg = deserialize(frames, key);
    expect(msg.identities.map((b) => b.toString())).toEqual(["peer-identity"]);
    expect(msg.header).toEqual(header);
    expect(msg.parent_header).toEqual({ msg_id: "p" });
    expect(msg.content).toEqual({ status: "ok" });
    expect(msg.buffers).toEqual([]);
  });

  it("rejects a message whose signature does not match", () => {
    const frames = serialize({ header: makeHeader("status", "s"), content: { execution_state: "idle" } }, key);
    const tampered = [...frames];
    tampered[5] = JSON.stringify({ execution_state: "busy" });
    expect(() => deserialize(tampered, key)).toThrow(/invalid HMAC-SHA256 signature/);
    expect(() => deserialize(frames, "another key")).toThrow(/invalid HMAC-SHA256 signature/);
  });

  it("rejects frames without a delimiter or with too few frames", () => {
    expect(() => deserialize(["a", "b"], key)).toThrow(/no <IDS\|MSG> delimiter/);
    expect(() => deserialize([DELIMITER, "sig", "{}"], key)).toThrow(/expected signature and 4 JSON frames/);
  });

  it("names the frame that is not JSON", () => {
    const body = ["{}", "{}", "not json", "{}"];
    expect(() => deserialize([DELIMITER, sign(key, body), ...body], key)).toThrow(/metadata frame is not valid JSON/);
  });

  it("makes headers with unique ids and protocol version 5.3", () => {
    const a = makeHeader("execute_request", "s");
    const b = makeHeader("execute_request", "s");
    expect(a.msg_id).not.toBe(b.msg_id);
    expect(a).toMatchObject({ msg_type: "execute_request", session: "s", version: "5.3" });
    expect(Number.isNaN(Date.parse(a.date))).toBe(false);
  });
});
