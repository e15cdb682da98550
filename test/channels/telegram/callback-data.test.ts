import { describe, expect, it } from "vitest";
import {
  CALLBACK_DATA_MAX_BYTES,
  CallbackDataTooLongError,
  type CallbackData,
  packCallbackData,
  unpackCallbackData,
} from "../../../src/channels/telegram/callback-data.js";

describe("callback data", () => {
  const samples: CallbackData[] = [
    { kind: "example", index: 2 },
    { kind: "source", id: "bijiang:2.3" },
    { kind: "source", id: "r-3f9a1c:c1" },
    { kind: "source", id: "wanshan:12.10.2" },
    { kind: "feedback", answerId: 123456789, up: true },
    { kind: "feedback", answerId: 1, up: false },
  ];

  it("round-trips every kind within 64 bytes", () => {
    for (const s of samples) {
      const packed = packCallbackData(s);
      expect(Buffer.byteLength(packed, "utf8")).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(unpackCallbackData(packed)).toEqual(s);
    }
  });

  it("refuses to pack more than 64 bytes", () => {
    expect(() => packCallbackData({ kind: "source", id: "报告".repeat(20) })).toThrow(CallbackDataTooLongError);
  });

  it("rejects malformed or unknown data", () => {
    for (const bad of [undefined, "", "x", "z:1", "q:abc", "q:", "f:*:1", "f:+:", "f:+:1x", "s:", "s:a b"]) {
      expect(unpackCallbackData(bad)).toBeNull();
    }
  });
});
