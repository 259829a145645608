import { describe, expect, it } from "vitest";
import { buildNamespaceRows, countsOutsideNamespaces } from "./namespace-rows";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type { Namespace } from "@/lib/kube/types";

function ns(name: string, labels: Record<string, string> = {}): Namespace {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

describe("buildNamespaceRows", () => {
  const namespaces = [
    ns("shop", {
      "network-policy.homelab/profile": "standard",
      "access.network-policy.homelab/kube-api": "true",
    }),
    ns("database"),
  ];
  const counts = new Map([
    ["shop", { FORWARDED: 3, DROPPED: 1 }],
    ["(outside the cluster)", { FORWARDED: 2 }],
  ]);

  it("joins labels and flow counts and sorts by name", () => {
    const rows = buildNamespaceRows(namespaces, counts, DEFAULT_CONVENTIONS);
    expect(rows.map((r) => r.name)).toEqual(["database", "shop"]);
    expect(rows[1]).toMatchObject({
      kind: "application",
      profile: "standard",
      profileKnown: true,
      profileIngress: "internal + external gateway",
      accessLabels: [{ name: "kube-api", target: "kube-apiserver", ports: [6443, 443] }],
      flowCounts: { FORWARDED: 3, DROPPED: 1 },
    });
    expect(rows[0]).toMatchObject({ kind: "platform", profile: null, flowCounts: {} });
  });

  it("keeps counts of peers outside the cluster apart", () => {
    expect(countsOutsideNamespaces(namespaces, counts)).toEqual({
      "(outside the cluster)": { FORWARDED: 2 },
    });
  });
});
