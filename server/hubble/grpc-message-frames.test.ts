import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { GrpcFramingError, LengthPrefixedMessages } from "./grpc-message-frames";
import { framedMessage } from "./testing/raw-grpc-server";

function reader(max?: number) {
  const messages: string[] = [];
  const frames = new LengthPrefixedMessages(
    (buf, start, end) => messages.push(buf.toString("utf8", start, end)),
    max,
  );
  return { frames, messages };
}

const MESSAGES = ["first flow", "", "a third, longer message that spans chunks", "x"];
const BODY = Buffer.concat(MESSAGES.map((text) => framedMessage(Buffer.from(text))));

describe("LengthPrefixedMessages", () => {
  it("hands on every message of a chunk that holds several", () => {
    const { frames, messages } = reader();
    frames.push(BODY);
    expect(messages).toEqual(MESSAGES);
    expect(frames.atBoundary).toBe(true);
  });

  it("gives the same messages wherever the body is cut into two chunks", () => {
    for (let cut = 0; cut <= BODY.length; cut++) {
      const { frames, messages } = reader();
      frames.push(BODY.subarray(0, cut));
      frames.push(BODY.subarray(cut));
      expect(messages, `cut at ${cut}`).toEqual(MESSAGES);
    }
  });

  it("gives the same messages from one-byte chunks, and knows when it is inside a message", () => {
    const { frames, messages } = reader();
    const boundaries: boolean[] = [];
    for (let i = 0; i < BODY.length; i++) {
      frames.push(BODY.subarray(i, i + 1));
      boundaries.push(frames.atBoundary);
    }
    expect(messages).toEqual(MESSAGES);
    expect(boundaries.at(-1)).toBe(true);
    expect(boundaries.slice(0, 4)).toEqual([false, false, false, false]);
  });

  it("refuses a compressed message with a clear error", () => {
    const { frames } = reader();
    expect(() => frames.push(framedMessage(Buffer.from("gzip"), 1))).toThrow(
      new GrpcFramingError(
        "the relay sent a compressed message; Sieve asks for none and cannot read one",
        status.INTERNAL,
      ),
    );
  });

  it("refuses a message above the bound before reading it", () => {
    const { frames, messages } = reader(8);
    frames.push(framedMessage(Buffer.from("12345678")));
    let error: unknown;
    try {
      frames.push(framedMessage(Buffer.from("123456789")).subarray(0, 5));
    } catch (caught) {
      error = caught;
    }
    expect(messages).toEqual(["12345678"]);
    expect(error).toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
      message: expect.stringContaining("9 bytes"),
    });
  });
});
