import { describe, expect, it } from "vitest";
import { compileLabelSelector, parseEndpointLabel } from "./flow-filter-match-labels";

const web = [
  "k8s:app=web",
  "k8s:tier=frontend",
  "k8s:io.kubernetes.pod.namespace=shop",
  "k8s:app.kubernetes.io/version=3",
].map(parseEndpointLabel);
const world = ["reserved:world"].map(parseEndpointLabel);

function selects(selector: string, labels = web): boolean {
  return compileLabelSelector(selector)(labels);
}

describe("parseEndpointLabel", () => {
  it("splits source, key and value", () => {
    expect(parseEndpointLabel("k8s:app=web")).toEqual({ source: "k8s", key: "app", value: "web" });
    expect(parseEndpointLabel("reserved:world")).toEqual({ source: "reserved", key: "world", value: "" });
    expect(parseEndpointLabel("k8s:a=b=c")).toEqual({ source: "k8s", key: "a", value: "b=c" });
    expect(parseEndpointLabel("plain=x")).toEqual({ source: "", key: "plain", value: "x" });
  });
});

describe("compileLabelSelector", () => {
  it("matches key=value with or without a source prefix", () => {
    expect(selects("app=web")).toBe(true);
    expect(selects("k8s:app=web")).toBe(true);
    expect(selects("any:app=web")).toBe(true);
    expect(selects("container:app=web")).toBe(false);
    expect(selects("app==web")).toBe(true);
    expect(selects("app=api")).toBe(false);
    expect(selects("k8s:io.kubernetes.pod.namespace=shop")).toBe(true);
  });

  it("matches key existence and absence", () => {
    expect(selects("tier")).toBe(true);
    expect(selects("owner")).toBe(false);
    expect(selects("!owner")).toBe(true);
    expect(selects("!k8s:tier")).toBe(false);
    expect(selects("reserved:world", world)).toBe(true);
    expect(selects("reserved:world")).toBe(false);
    expect(selects("!reserved:world", world)).toBe(false);
  });

  it("matches != , in and notin", () => {
    expect(selects("app!=api")).toBe(true);
    expect(selects("app!=web")).toBe(false);
    expect(selects("owner!=x")).toBe(true);
    expect(selects("app in (api, web)")).toBe(true);
    expect(selects("app in (api,db)")).toBe(false);
    expect(selects("k8s:app notin (api,db)")).toBe(true);
    expect(selects("app notin (web)")).toBe(false);
  });

  it("matches numeric comparisons", () => {
    expect(selects("app.kubernetes.io/version>2")).toBe(true);
    expect(selects("app.kubernetes.io/version<3")).toBe(false);
  });

  it("requires every requirement of a selector (AND)", () => {
    expect(selects("app=web,tier=frontend")).toBe(true);
    expect(selects("app=web, tier=backend")).toBe(false);
    expect(selects("app=web,!owner")).toBe(true);
  });

  it("selects everything with an empty selector", () => {
    expect(selects("")).toBe(true);
    expect(selects("", [])).toBe(true);
  });

  it("rejects malformed selectors", () => {
    for (const selector of [
      "app in web",
      "app in ()",
      "=web",
      "app=web,",
      "app web",
      "app=we b",
      "app=-x",
      "app>x",
      "!",
    ]) {
      expect(() => compileLabelSelector(selector), selector).toThrow();
    }
  });
});
