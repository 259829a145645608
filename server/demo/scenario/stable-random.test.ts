import { describe, expect, it } from "vitest";
import { stableUuid } from "./stable-random";

describe("stableUuid", () => {
  it("gives the same UUID for the same seed, shaped as version 4", () => {
    expect(stableUuid("flow/a@1000#0")).toBe(stableUuid("flow/a@1000#0"));
    expect(stableUuid("flow/a@1000#0")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("never repeats among the flows of a long demo window", () => {
    const seen = new Set<string>();
    const count = 200_000;
    for (let i = 0; i < count; i += 1) seen.add(stableUuid(`conversation-${i % 97}@${i * 1000}#${i % 3}`));
    expect(seen.size).toBe(count);
  });
});
