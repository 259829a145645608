import { describe, expect, it } from "vitest";
import { homelabCluster } from "@/lib/evaluator/testing/homelab-cluster";
import { ns } from "@/lib/policy/testing/builders";
import { NOW } from "@/lib/posture/testing/homelab";
import { conventionsOf, podFlows, renderOf } from "./testing/fixtures";
import { whatIf } from "./what-if";

const ACCESS_POSTGRES = "access.network-policy.homelab/postgres";
const PROFILE = "network-policy.homelab/profile";
const WEB = { namespace: "shop", pod: "web-1", labels: { app: "web" } };
const POSTGRES = { namespace: "database", pod: "postgres-0", labels: { app: "postgres" } };
const GATEWAY = {
  namespace: "istio-gateway",
  pod: "internal-gw-1",
  labels: { "gateway.networking.k8s.io/gateway-name": "internal" },
};
const APP = { namespace: "app", pod: "app-1", labels: { app: "app" } };

const cluster = homelabCluster();
const shopLabels = { [PROFILE]: "standard", [ACCESS_POSTGRES]: "true" };
const base = renderOf(ns("shop", shopLabels), ns("app", { [PROFILE]: "isolated" }));
const flows = [...podFlows(WEB, POSTGRES, 5432, 4), ...podFlows(GATEWAY, APP, 8080, 2, "DROPPED")];

function run(branchObjects: unknown[]) {
  return whatIf({
    cluster,
    baseRender: base,
    branchRender: renderOf(...branchObjects),
    flows,
    conventionsOf,
    now: NOW,
  });
}

describe("whatIf", () => {
  it("lists the flows a branch removing an access label newly drops, with the evaluator's sentence", () => {
    const report = run([ns("shop", { [PROFILE]: "standard" }), ns("app", { [PROFILE]: "isolated" })]);
    expect(report.objects).toEqual([
      { kind: "Namespace", namespace: "", name: "shop", change: "changed", labels: [`${ACCESS_POSTGRES}-`] },
    ]);
    expect(report.newlyDroppedFlows).toBe(4);
    expect(report.newlyDropped).toHaveLength(1);
    const [group] = report.newlyDropped;
    expect(group!.flows).toBe(4);
    expect(group!.connections).toBe(1);
    expect(group!.edge).toMatch(/^ns:shop>ns:database:tcp:5432:/);
    expect(group!.droppedAt).toBe("egress");
    expect(group!.sentence).toMatch(/postgres/i);
    expect(group!.examples).toEqual(["shop/web-1 → database/postgres-0 TCP 5432"]);
    expect(report.newlyAllowed).toEqual([]);
    const shop = report.posture.find((p) => p.namespace === "shop");
    expect(shop?.changes).toContain("access label postgres removed");
    expect(report.flowsEvaluated).toBe(6);
    expect(report.window).toEqual({ from: 1_700_000_000_000, to: 1_700_000_003_000 });
  });

  it("lists the flows a branch adding a profile newly allows", () => {
    const report = run([ns("shop", shopLabels), ns("app", { [PROFILE]: "internal" })]);
    expect(report.newlyDropped).toEqual([]);
    expect(report.newlyAllowedFlows).toBe(2);
    expect(report.newlyAllowed[0]!.edge).toMatch(/^ns:istio-gateway>ns:app:tcp:8080:/);
    expect(report.newlyAllowed[0]!.droppedAt).toBeNull();
    expect(report.posture.find((p) => p.namespace === "app")?.changes).toContain(
      "profile: isolated → internal",
    );
  });

  it("reports nothing for a branch that touches nothing the policies read", () => {
    const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "shop" } };
    const report = run([ns("shop", shopLabels), ns("app", { [PROFILE]: "isolated" }), configMap]);
    expect(report.objects).toEqual([]);
    expect(report.newlyDropped).toEqual([]);
    expect(report.newlyAllowed).toEqual([]);
    expect(report.posture).toEqual([]);
    expect(report.flowsEvaluated).toBe(6);
  });

  it("drops what a removed policy allowed", () => {
    const server = cluster.ciliumclusterwidenetworkpolicies.find(
      (p) => p.metadata.name === "access-postgres-server",
    );
    const report = whatIf({
      cluster,
      baseRender: renderOf(server),
      branchRender: renderOf(),
      flows,
      conventionsOf,
      now: NOW,
    });
    expect(report.objects).toEqual([
      {
        kind: "CiliumClusterwideNetworkPolicy",
        namespace: "",
        name: "access-postgres-server",
        change: "removed",
        labels: [],
      },
    ]);
    expect(report.newlyDroppedFlows).toBe(4);
  });

  it("says the render problems the branch adds", () => {
    const branch = {
      ...renderOf(...base.objects.map((o) => o.object)),
      problems: [{ kind: "yaml" as const, file: "a.yaml", message: "bad" }],
    };
    const report = whatIf({
      cluster,
      baseRender: base,
      branchRender: branch,
      flows,
      conventionsOf,
      now: NOW,
    });
    expect(report.problems).toEqual(["a.yaml: bad"]);
  });
});
