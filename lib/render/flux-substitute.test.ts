import { describe, expect, it } from "vitest";
import {
  postBuildOf,
  postBuildVariables,
  substituteVariables,
  substitutionDisabled,
  substitutionRuns,
  variablesOf,
} from "./flux-substitute";

const vars = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("substituteVariables", () => {
  it("replaces ${var} and leaves $var alone", () => {
    const result = substituteVariables("host: ${domain}\npath: $domain/x\n", vars({ domain: "home.lan" }));
    expect(result).toEqual({ text: "host: home.lan\npath: $domain/x\n", unresolved: [], error: null });
  });

  it("uses a default when the value is unset or empty, for :=, :- and =", () => {
    const result = substituteVariables(
      "a: ${a:=one}\nb: ${b:-two}\nc: ${c=three}\nd: ${d:=four}\n",
      vars({ d: "set", c: "" }),
    );
    expect(result.text).toBe("a: one\nb: two\nc: three\nd: set\n");
    expect(result.unresolved).toEqual([]);
  });

  it("evaluates a variable inside a default", () => {
    expect(substituteVariables("x: ${a:=${b}-suffix}", vars({ b: "base" })).text).toBe("x: base-suffix");
    expect(substituteVariables("x: ${a:=${b}}", vars({})).unresolved).toEqual(["b"]);
  });

  it("reports an unset variable without a default, writing the empty string", () => {
    const result = substituteVariables("a: ${missing}\nb: ${missing}\nc: ${other}", vars({ x: "1" }));
    expect(result).toEqual({ text: "a: \nb: \nc: ", unresolved: ["missing", "other"], error: null });
  });

  it("treats a variable set to the empty string as set", () => {
    expect(substituteVariables("a: '${empty}'", vars({ empty: "" }))).toMatchObject({
      text: "a: ''",
      unresolved: [],
    });
  });

  it("writes $$ as one $, so $${var} is kept literally", () => {
    const result = substituteVariables("a: $${keep}\nb: $$HOME\nc: ${v}", vars({ v: "x", keep: "no" }));
    expect(result.text).toBe("a: ${keep}\nb: $HOME\nc: x");
  });

  it("computes length and case changes", () => {
    const result = substituteVariables("${#v} ${v^} ${v^^} ${w,} ${w,,}", vars({ v: "abc", w: "XYZ" }));
    expect(result.text).toBe("3 Abc ABC xYZ xyz");
  });

  it("keeps a default's escaped slash and backslash", () => {
    expect(substituteVariables("${a:=x\\/y}", vars({})).text).toBe("x/y");
  });

  it("returns the text unchanged with an error for a missing brace or an unsupported operator", () => {
    expect(substituteVariables("a: ${name", vars({ name: "x" }))).toMatchObject({
      text: "a: ${name",
      error: expect.stringContaining("closing brace"),
    });
    expect(substituteVariables("a: ${name-x}", vars({})).error).toContain("closing brace");
    expect(substituteVariables("a: ${name/x/y}", vars({})).error).toContain("not evaluated");
    expect(substituteVariables("a: ${}", vars({})).error).toContain("variable name");
  });
});

describe("postBuild", () => {
  const kustomization = {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: "apps", namespace: "flux-system" },
    spec: {
      postBuild: {
        substitute: { cluster: "home\n", replicas: 2 },
        substituteFrom: [
          { kind: "ConfigMap", name: "settings" },
          { kind: "Secret", name: "secrets", optional: true },
          { kind: "Other", name: "ignored" },
        ],
      },
    },
  };

  it("reads substitute and substituteFrom, with the strategy", () => {
    expect(postBuildOf(kustomization)).toEqual({
      substitute: { cluster: "home\n", replicas: "2" },
      substituteFrom: [
        { kind: "ConfigMap", name: "settings", optional: false },
        { kind: "Secret", name: "secrets", optional: true },
      ],
      strategy: "WithVariables",
    });
    expect(postBuildOf({ spec: {} })).toBeNull();
  });

  it("orders sources: later sources win, the inline map wins over all, newlines removed", () => {
    const postBuild = postBuildOf(kustomization)!;
    const { vars: merged, invalidNames } = postBuildVariables(postBuild, [
      vars({ cluster: "from-cm", domain: "a" }),
      vars({ domain: "b", "bad-name": "x" }),
    ]);
    expect(Object.fromEntries(merged)).toEqual({
      cluster: "home",
      domain: "b",
      replicas: "2",
      "bad-name": "x",
    });
    expect(invalidNames).toEqual(["bad-name"]);
  });

  it("decodes a Secret's data and reads its stringData; a ConfigMap's data as is", () => {
    const secret = {
      kind: "Secret",
      data: { token: btoa("s3cr3t\n") },
      stringData: { plain: "p" },
    };
    expect(Object.fromEntries(variablesOf(secret))).toEqual({ token: "s3cr3t", plain: "p" });
    expect(Object.fromEntries(variablesOf({ kind: "ConfigMap", data: { a: "x\ny" } }))).toEqual({ a: "xy" });
  });

  it("runs only with variables, unless the strategy is Always", () => {
    const postBuild = postBuildOf(kustomization)!;
    expect(substitutionRuns(postBuild, new Map())).toBe(false);
    expect(substitutionRuns({ ...postBuild, strategy: "Always" }, new Map())).toBe(true);
    expect(substitutionRuns(null, vars({ a: "1" }))).toBe(false);
  });

  it("skips objects labelled or annotated substitute: disabled", () => {
    const key = "kustomize.toolkit.fluxcd.io/substitute";
    expect(substitutionDisabled({ metadata: { labels: { [key]: "disabled" } } })).toBe(true);
    expect(substitutionDisabled({ metadata: { annotations: { [key]: "disabled" } } })).toBe(true);
    expect(substitutionDisabled({ metadata: { annotations: { [key]: "enabled" } } })).toBe(false);
  });
});
