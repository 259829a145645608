import { describe, expect, it } from "vitest";
import { digest64 } from "./digest";

describe("digest64", () => {
  it("is 16 hex digits, deterministic and sensitive to every character", () => {
    expect(digest64("a|b")).toMatch(/^[0-9a-f]{16}$/);
    expect(digest64("a|b")).toBe(digest64("a|b"));
    expect(digest64("a|b")).not.toBe(digest64("a|c"));
    expect(digest64("")).not.toBe(digest64(" "));
  });

  it("spreads many similar inputs without collisions", () => {
    const seen = new Set(Array.from({ length: 20_000 }, (_, i) => digest64(`10.0.0.1|${i}|443`)));
    expect(seen.size).toBe(20_000);
  });
});
