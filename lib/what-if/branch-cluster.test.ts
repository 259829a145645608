import { describe, expect, it } from "vitest";
import { ccnp, cnp, ns, pod } from "@/lib/policy/testing/builders";
import { clusterObjectsOf } from "@/lib/conventions/testing/cluster-objects";
import { clusterAsBranch } from "./branch-cluster";
import { renderOf } from "./testing/fixtures";

const rule = (port: string) => ({
  endpointSelector: {},
  ingress: [{ fromEntities: ["cluster"], toPorts: [{ ports: [{ port, protocol: "TCP" as const }] }] }],
});

describe("clusterAsBranch", () => {
  const cluster = clusterObjectsOf([
    // "drift" is on the cluster only (set by hand): the branch does not touch it.
    ns("app", { profile: "isolated", drift: "yes" }),
    ns("gone"),
    pod("app", "web-1"),
    pod("gone", "job-1"),
    cnp("app", "managed", rule("80")),
    cnp("app", "by-hand", rule("81")),
    cnp("gone", "its-policy", rule("82")),
    ccnp("removed", rule("83")),
  ]);
  const base = renderOf(
    ns("app", { profile: "isolated" }),
    ns("gone"),
    cnp("app", "managed", rule("80")),
    ccnp("removed", rule("83")),
  );

  it("applies what the branch changes against the base and keeps the rest as the cluster has it", () => {
    const branch = renderOf(
      ns("app", { profile: "internal", access: "true" }),
      ns("new"),
      cnp("app", "managed", rule("8080")),
      { ...cnp("app", "unnamespaced", rule("84")), metadata: { name: "unnamespaced" } },
    );
    const { objects, changes } = clusterAsBranch(cluster, base, branch);
    expect(
      changes.map((c) => `${c.change} ${c.kind} ${c.namespace}/${c.name} ${c.labels.join(",")}`),
    ).toEqual([
      "removed CiliumClusterwideNetworkPolicy /removed ",
      "changed CiliumNetworkPolicy app/managed ",
      "added CiliumNetworkPolicy default/unnamespaced ",
      "changed Namespace /app access=true,profile=internal",
      "removed Namespace /gone ",
      "added Namespace /new kubernetes.io/metadata.name=new",
    ]);
    expect(objects.namespaces.map((n) => [n.metadata.name, n.metadata.labels])).toEqual([
      ["app", { "kubernetes.io/metadata.name": "app", profile: "internal", drift: "yes", access: "true" }],
      ["new", { "kubernetes.io/metadata.name": "new" }],
    ]);
    expect(objects.pods.map((p) => p.metadata.name)).toEqual(["web-1"]);
    expect(objects.ciliumclusterwidenetworkpolicies).toEqual([]);
    expect(objects.ciliumnetworkpolicies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      "app/by-hand",
      "app/managed",
      "default/unnamespaced",
    ]);
    const managed = objects.ciliumnetworkpolicies.find((p) => p.metadata.name === "managed");
    expect(JSON.stringify(managed?.spec)).toContain("8080");
  });

  it("changes nothing when the branch renders as the base", () => {
    const { objects, changes } = clusterAsBranch(
      cluster,
      base,
      renderOf(...base.objects.map((o) => o.object)),
    );
    expect(changes).toEqual([]);
    expect(objects).toEqual(cluster);
  });
});
