import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";
import { ruleKey, ruleObject } from "./cnp-rule-yaml";

describe("canonicalJson", () => {
  it("reads the same whatever the key order, at every depth, and keeps list order", () => {
    const a = { b: 1, a: { y: [2, 1], x: null } };
    const b = { a: { x: null, y: [2, 1] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[2,1]},"b":1}');
    expect(canonicalJson({ a: { y: [1, 2] } })).not.toBe(canonicalJson({ a: { y: [2, 1] } }));
  });

  it("writes undefined as null, so a hash of it is still text", () => {
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson({ a: undefined })).toBe('{"a":null}');
  });
});

describe("ruleKey", () => {
  it("takes a port number and its string for the same port, as Cilium does", () => {
    const written = ruleObject({ ports: [{ port: 15008, protocol: "TCP" }] }, "egress");
    const read = { toPorts: [{ ports: [{ protocol: "TCP", port: 15008 }] }] };
    expect(ruleKey(read)).toBe(ruleKey(written));
    expect(ruleKey({ toPorts: [{ ports: [{ protocol: "TCP", port: 15009 }] }] })).not.toBe(ruleKey(written));
  });
});
