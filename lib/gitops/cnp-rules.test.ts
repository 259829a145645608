import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AddCnpRules } from "./change";
import { appendCnpRules } from "./cnp-rules";
import { hboneRule } from "./platform-cnp";
import { changedLines, comments } from "./testing/diff-lines";
import { unifiedDiff } from "./unified-diff";

const before = readFileSync(new URL("./fixtures/database-cnp.yaml", import.meta.url), "utf8");
const addHbone: AddCnpRules = {
  type: "add-cnp-rules",
  namespace: "database",
  ingress: [hboneRule()],
  egress: [hboneRule()],
};

describe("appendCnpRules", () => {
  it("appends HBONE rules at the end of ingress and egress, keeping every comment", () => {
    const result = appendCnpRules(before, addHbone);
    if (!result.ok) throw new Error(result.error);
    const added = changedLines(unifiedDiff(before, result.content, "database.yaml"));
    expect(added.every((line) => line.startsWith("+"))).toBe(true);
    expect(added).toHaveLength(18);
    for (const comment of comments(before)) expect(result.content).toContain(comment);
    const spec = (parse(result.content) as { spec: { ingress: object[]; egress: object[] } }).spec;
    const expected = {
      fromEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": "istio-system", app: "ztunnel" } }],
      toPorts: [{ ports: [{ port: "15008", protocol: "TCP" }] }],
    };
    expect(spec.ingress).toHaveLength(4);
    expect(spec.ingress.at(-1)).toEqual(expected);
    const { fromEndpoints, ...rest } = expected;
    expect(spec.egress.at(-1)).toEqual({ toEndpoints: fromEndpoints, ...rest });
  });

  it("does not add a rule the policy already has", () => {
    const once = appendCnpRules(before, addHbone);
    if (!once.ok) throw new Error(once.error);
    expect(appendCnpRules(once.content, addHbone)).toEqual({
      ok: true,
      content: once.content,
      changed: false,
    });
  });

  it("creates a missing egress list in the spec's indentation", () => {
    const text =
      "kind: CiliumNetworkPolicy\nmetadata:\n  name: x-default\n  namespace: x\nspec:\n  endpointSelector: {}\n";
    const result = appendCnpRules(text, { type: "add-cnp-rules", namespace: "x", egress: [hboneRule()] });
    if (!result.ok) throw new Error(result.error);
    expect((parse(result.content) as { spec: { egress: object[] } }).spec.egress).toHaveLength(1);
    expect(
      result.content.startsWith(text + "  egress:\n    # HBONE (ambient mesh)\n    - toEndpoints:\n"),
    ).toBe(true);
  });

  it("refuses a file without the namespace's policy", () => {
    expect(appendCnpRules(before, { ...addHbone, namespace: "monitoring" })).toMatchObject({ ok: false });
  });
});
