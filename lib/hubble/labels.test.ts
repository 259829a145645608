import { describe, expect, it } from "vitest";
import { labelRecord, reservedIdentity, splitLabel } from "./labels";

describe("splitLabel", () => {
  it("strips Cilium's own label sources", () => {
    expect(splitLabel("k8s:app=web")).toEqual(["app", "web"]);
    expect(splitLabel("reserved:world")).toEqual(["world", ""]);
    expect(splitLabel("cidr:10.0.0.0/8")).toEqual(["10.0.0.0/8", ""]);
    expect(splitLabel("fqdn:api.github.com")).toEqual(["api.github.com", ""]);
    expect(splitLabel("any:team=a")).toEqual(["team", "a"]);
  });

  it("keeps an unknown prefix and colons inside values", () => {
    expect(splitLabel("example.com:tier=db")).toEqual(["example.com:tier", "db"]);
    expect(splitLabel("k8s:url=http://x")).toEqual(["url", "http://x"]);
    expect(splitLabel("app=web")).toEqual(["app", "web"]);
  });
});

describe("labelRecord", () => {
  it("builds a record and skips empty keys", () => {
    expect(labelRecord(["k8s:app=web", "k8s:=x", "k8s:tier=db"])).toEqual({ app: "web", tier: "db" });
    expect(labelRecord(undefined)).toEqual({});
  });
});

describe("reservedIdentity", () => {
  it("reads reserved labels, folding the per-family world identities into world", () => {
    expect(reservedIdentity(["reserved:world-ipv6"], 10)).toBe("world");
    expect(reservedIdentity(["reserved:remote-node"], 6)).toBe("remote-node");
    expect(reservedIdentity(["reserved:health"], 4)).toBe("health");
  });

  it("falls back to the numeric identity when no label says so", () => {
    expect(reservedIdentity([], 2)).toBe("world");
    expect(reservedIdentity(undefined, 7)).toBe("kube-apiserver");
    expect(reservedIdentity(["k8s:app=web"], 48213)).toBeNull();
  });
});
