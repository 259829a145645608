import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { yamlDoubleQuoted, yamlKey, yamlString } from "./yaml-scalar";

const HOSTILE = [
  "true",
  "no",
  "5432",
  "1e3",
  "0x1F",
  "~",
  "null",
  "",
  ' " quoted',
  "line\nbreak: injected",
  "# not a comment",
  "a #b",
  "&anchor",
  "*alias",
  "!!python/object",
  "- item",
  "key: value",
  "{flow}",
  "[seq]",
  "'single'",
  "back\\slash",
  "$(rm -rf /)",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "--force",
  "tab\there",
  "\u2028sep\u2029",
  "bell\u0007\u0085",
  "emoji 🚦",
  "\ud800lone",
  "---",
  "...",
  "|",
  ">",
  "%TAG",
  "@at",
  "`tick`",
];

describe("yamlString and yamlKey", () => {
  it.each(HOSTILE)("round-trip %j as one scalar on one line", (value) => {
    for (const write of [yamlString, yamlDoubleQuoted]) {
      const text = write(value);
      expect(text).not.toMatch(/[\n\r\u2028\u2029]/);
      expect(parse(`v: ${text}\nnext: 1\n`)).toEqual({ v: value, next: 1 });
    }
    expect(parse(`${yamlKey(value)}: 1\n`)).toEqual({ [value]: 1 });
  });

  it("quotes values that would read as booleans, numbers or null, and leaves names plain", () => {
    expect(yamlString("true")).toBe('"true"');
    expect(yamlString("Off")).toBe('"Off"');
    expect(yamlString("5432")).toBe('"5432"');
    expect(yamlString("standard")).toBe("standard");
    expect(yamlString("internal-egress")).toBe("internal-egress");
    expect(yamlKey("access.network-policy.homelab/postgres")).toBe("access.network-policy.homelab/postgres");
  });
});
