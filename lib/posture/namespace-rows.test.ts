import { describe, expect, it } from "vitest";
import { buildNamespaceRows } from "./namespace-rows";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type { Namespace } from "@/lib/kube/types";

function ns(name: string, labels: Record<string, string> = {}): Namespace {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

describe("buildNamespaceRows", () => {
  it("reads each namespace's labels under the conventions and sorts by name", () => {
    const rows = buildNamespaceRows(
      [
        ns("shop", {
          "network-policy.homelab/profile": "standard",
          "access.network-policy.homelab/kube-api": "true",
          "network-policy.homelab/enforcement": "disabled",
        }),
        ns("database"),
      ],
      DEFAULT_CONVENTIONS,
    );
    expect(rows.map((r) => r.name)).toEqual(["database", "shop"]);
    expect(rows[1]).toMatchObject({
      kind: "application",
      profile: "standard",
      profileKnown: true,
      profileIngress: "internal + external gateway",
      accessLabels: [{ name: "kube-api", target: "kube-apiserver", ports: [6443, 443] }],
      enforcementDisabled: true,
    });
    expect(rows[0]).toMatchObject({ kind: "platform", profile: null, enforcementDisabled: false });
  });
});
