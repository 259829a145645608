import { describe, expect, it } from "vitest";
import { fixScopeQuery, parseFixScope } from "./fix-scope";

const parse = (query: string) => parseFixScope(new URLSearchParams(query));

describe("parseFixScope", () => {
  it("accepts an edge id or a drop group and round-trips through the query", () => {
    for (const query of [
      "edge=ns%3Amealie%3Ens%3Adatabase%3Atcp%3A5432%3Aegress",
      "group=mealie%7Caccess-label-missing%2Fpostgres",
      "reenable=outline",
    ]) {
      const parsed = parse(query);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(fixScopeQuery(parsed.scope)).toBe(query);
    }
  });

  it("refuses both, neither, and anything crafted", () => {
    expect(parse("").ok).toBe(false);
    expect(parse("edge=a&group=b").ok).toBe(false);
    expect(parse("edge=<script>").ok).toBe(false);
    expect(parse("group=../etc|x").ok).toBe(false);
    expect(parse("group=mealie|a|b").ok).toBe(false);
    expect(parse("group=mealie|<b>").ok).toBe(false);
    expect(parse("reenable=Outline").ok).toBe(false);
    expect(parse("reenable=../x").ok).toBe(false);
    expect(parse("reenable=").ok).toBe(false);
    expect(parse("reenable=outline&edge=a").ok).toBe(false);
    expect(parse("reenable=outline&group=outline|x").ok).toBe(false);
  });

  it("reads a reenable scope as the namespace it names", () => {
    expect(parse("reenable=outline")).toEqual({
      ok: true,
      scope: { kind: "reenable", namespace: "outline" },
    });
  });
});
