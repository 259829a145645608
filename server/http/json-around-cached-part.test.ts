import { describe, expect, it } from "vitest";
import { jsonAroundCachedPart } from "./json-around-cached-part";

describe("jsonAroundCachedPart", () => {
  const posture = { namespaces: Array.from({ length: 200 }, (_, i) => ({ name: `ns-${i}`, ünï: "çødé" })) };
  const body = { now: 1_700_000_000_000, windowMs: 300_000, posture, flowCounts: { a: { DROPPED: 2 } } };

  it("answers the body as JSON", async () => {
    const response = jsonAroundCachedPart(body, "posture");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual(body);
  });

  it("keeps the per-request fields current around the cached part", async () => {
    jsonAroundCachedPart(body, "posture");
    const later = { ...body, now: body.now + 5_000, flowCounts: {} };
    expect(await jsonAroundCachedPart(later, "posture").json()).toEqual(later);
  });

  it("serializes the part once per object", async () => {
    const part = { value: 1 };
    await jsonAroundCachedPart({ part }, "part").text();
    part.value = 2; // a cached part is never edited; this shows the first serialization is reused
    expect(await jsonAroundCachedPart({ part }, "part").json()).toEqual({ part: { value: 1 } });
    expect(await jsonAroundCachedPart({ part: { value: 2 } }, "part").json()).toEqual({ part: { value: 2 } });
  });

  it("answers a body with only the cached field, or a field that is not an object", async () => {
    expect(await jsonAroundCachedPart({ posture }, "posture").json()).toEqual({ posture });
    expect(await jsonAroundCachedPart({ posture: null, n: 1 }, "posture").json()).toEqual({
      posture: null,
      n: 1,
    });
  });
});
