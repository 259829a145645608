import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { buildDropRules, DROP_CLASSES, fillTemplate, isReservedIdentity } from "./drop-classes";

describe("the drop table", () => {
  const rules = buildDropRules(DEFAULT_CONVENTIONS);

  it("has a row for every line of the runbook's table, in the order they are tried", () => {
    expect(rules.map((r) => [r.row, r.classKey, r.pattern])).toEqual([
      ["dns", "dns-baseline-missing", "egress to kube-system/kube-dns :53"],
      ["hbone-egress", "platform-cnp-lacks-hbone", "egress to istio-system/ztunnel :15008 (HBONE)"],
      ["hbone-ingress", "platform-cnp-lacks-hbone", "ingress from istio-system/ztunnel :15008 (HBONE)"],
      ["access-label", "access-label-missing", "egress to database :5432"],
      ["access-label", "access-label-missing", "egress to cache :6379"],
      ["access-label", "access-label-missing", "egress to garage :3900"],
      ["access-label", "access-label-missing", "egress to kube-apiserver :6443/443"],
      ["access-target-elsewhere", "access-target-elsewhere", "egress to a pod outside database :5432"],
      ["access-target-elsewhere", "access-target-elsewhere", "egress to a pod outside cache :6379"],
      ["access-target-elsewhere", "access-target-elsewhere", "egress to a pod outside garage :3900"],
      ["world-https", "world-https-not-allowed", "egress to world :443"],
      ["world-other", "world-port-not-allowed", "egress to world on another port"],
      ["gateway-ingress", "gateway-ingress-not-allowed", "ingress from istio-gateway"],
      ["scrape", "scrape-baseline-missing", "ingress from monitoring/prometheus"],
      ["health", "health-baseline-missing", "ingress from health (entity health, 169.254.0.0/16)"],
    ]);
  });

  it("matches kube-api as the kube-apiserver entity, other access labels as namespaces", () => {
    const access = rules.filter((r) => r.row === "access-label");
    expect(access.map((r) => r.peer)).toEqual([
      { kind: "pods", namespace: "database", labels: {} },
      { kind: "pods", namespace: "cache", labels: {} },
      { kind: "pods", namespace: "garage", labels: {} },
      { kind: "entity", entity: "kube-apiserver" },
    ]);
  });

  it("takes targets and ports from the conventions", () => {
    const custom = buildDropRules({
      ...DEFAULT_CONVENTIONS,
      accessLabels: [{ name: "mysql", resource: "MariaDB", target: "mariadb", ports: [3306] }],
      profileGrants: [{ profile: "open", gatewayIngress: ["lan"], worldEgressPorts: [80, 443] }],
    });
    expect(custom.filter((r) => r.accessLabel).map((r) => r.pattern)).toEqual([
      "egress to mariadb :3306",
      "egress to a pod outside mariadb :3306",
    ]);
    expect(custom.find((r) => r.row === "world-https")!.ports).toEqual([80, 443]);
  });

  it("leaves the world row out when no profile opens the world", () => {
    const closed = buildDropRules({ ...DEFAULT_CONVENTIONS, profileGrants: [] });
    expect(closed.map((r) => r.row)).not.toContain("world-https");
    expect(closed.map((r) => r.row)).toContain("world-other");
  });

  it("gives every class a title, cause and fix", () => {
    for (const text of Object.values(DROP_CLASSES)) {
      expect(text.title.length).toBeGreaterThan(0);
      expect(text.cause.length).toBeGreaterThan(0);
      expect(text.fix.length).toBeGreaterThan(0);
    }
  });
});

describe("fillTemplate", () => {
  it("fills placeholders once, leaving unknown ones visible", () => {
    expect(
      fillTemplate("add {key} to {namespace} {missing}", { key: "{namespace}", namespace: "paperless" }),
    ).toBe("add {namespace} to paperless {missing}");
    expect(fillTemplate("{constructor}", {})).toBe("{constructor}");
  });
});

describe("isReservedIdentity", () => {
  it("knows Cilium's reserved identities", () => {
    expect(isReservedIdentity("kube-apiserver")).toBe(true);
    expect(isReservedIdentity("database")).toBe(false);
  });
});
