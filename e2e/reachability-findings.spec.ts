import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import type { PostureResponse } from "@/lib/api/responses";

const KUBECONFIG = ".sieve/e2e/kubeconfig";

function kubectl(args: string[], input?: string): string {
  return execFileSync("kubectl", ["--kubeconfig", KUBECONFIG, ...args], { encoding: "utf8", input });
}

// The policy is applied through the demo's Kubernetes API, as a user would with kubectl. It selects
// only the namespace created for the test, which runs no pod, so the demo's traffic is unchanged.
const NAMESPACE = "e2e-wide-open";
const POLICY = "e2e-intra-namespace";
const OPT_IN = "e2e.sieve.dev/intra-namespace";

test.describe("effective-reachability findings on the demo cluster", () => {
  test.afterAll(() => {
    kubectl(["delete", "ciliumclusterwidenetworkpolicies", POLICY, "--ignore-not-found"]);
    kubectl(["delete", "namespace", NAMESPACE, "--ignore-not-found"]);
  });

  test("a cluster-wide rule with an empty selector is a critical finding naming the policy and rule", async ({
    page,
  }) => {
    const namespace = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: NAMESPACE, labels: { [OPT_IN]: "true" } },
    };
    const policy = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumClusterwideNetworkPolicy",
      metadata: { name: POLICY },
      spec: {
        description: "Allow intra-namespace traffic",
        endpointSelector: { matchLabels: { [`io.cilium.k8s.namespace.labels.${OPT_IN}`]: "true" } },
        ingress: [{ fromEndpoints: [{}] }],
        egress: [{ toEndpoints: [{}] }],
      },
    };
    kubectl(["create", "--validate=false", "-f", "-"], JSON.stringify(namespace));
    kubectl(["create", "--validate=false", "-f", "-"], JSON.stringify(policy));

    await page.goto(`/namespaces/${NAMESPACE}`);
    const findings = page.getByTestId("findings");
    const open = findings.locator('[data-finding="open-to-every-pod"]');
    await expect(open).toHaveCount(2);
    await expect(open.first()).toContainText(
      `CCNP ${POLICY} ingress rule 1 admits every pod of every namespace on any port`,
    );
    await expect(open.first().locator("[data-severity]")).toHaveText("critical");
    await expect(open.nth(1)).toContainText(
      `CCNP ${POLICY} egress rule 1 lets its pods reach every pod of every namespace on any port`,
    );
    // No summary claims the restriction the rule voids.
    const access = page.getByTestId("access-labels");
    await expect(access.getByTestId("every-pod-egress")).toContainText(`CCNP ${POLICY} egress rule 1`);
    await expect(access).not.toContainText("no shared resource is opened");
    await expect(page.getByTestId("profile")).toContainText(
      `but CCNP ${POLICY} ingress rule 1 admits every pod`,
    );

    // The description's claim is checked against the rules, reported with the cluster's findings.
    await page.goto("/namespaces");
    await expect(page.getByRole("list", { name: "Cluster findings" })).toContainText(
      `CCNP ${POLICY} says "Allow intra-namespace traffic" but ingress rule 1 admits every pod of every namespace`,
    );

    kubectl(["delete", "ciliumclusterwidenetworkpolicies", POLICY]);
    await page.goto(`/namespaces/${NAMESPACE}`);
    await expect(page.getByTestId("findings").locator('[data-finding="open-to-every-pod"]')).toHaveCount(0);
  });

  test("the host policy is listed as a host policy, with no pod conclusions", async ({ page }) => {
    await page.goto("/namespaces");
    const host = page.getByTestId("host-policies").locator('[data-policy="host-control-plane"]');
    await expect(host).toContainText(
      "CCNP host-control-plane: host policy (nodes node-role.kubernetes.io/control-plane=)",
    );
    await expect(host).toContainText("selects nodes, not pods");
    await page.goto("/namespaces/kube-system");
    await expect(page.getByTestId("selecting-policies")).toBeVisible();
    await expect(
      page.getByTestId("selecting-policies").locator('[data-policy="host-control-plane"]'),
    ).toHaveCount(0);
  });

  test("the reserved.none health baseline covers every platform namespace: no 'health probes partial'", async ({
    page,
    request,
  }) => {
    const response = await request.get("/api/posture");
    expect(response.ok()).toBe(true);
    const { posture } = (await response.json()) as PostureResponse;
    expect(posture.baselines.health.status).toBe("present");
    expect(posture.baselines.health.policies).toContain("baseline-health-probes");
    const platform = posture.namespaces.filter((n) => n.kind === "platform");
    expect(platform.length).toBeGreaterThan(3);
    for (const ns of platform) {
      expect(ns.platformChecks.find((c) => c.id === "health-probes")?.status, ns.name).toBe("present");
    }
    await page.goto("/namespaces/database");
    await expect(page.getByTestId("platform-checks").locator('[data-check="health-probes"]')).toHaveAttribute(
      "data-status",
      "present",
    );
    await expect(page.getByTestId("findings")).not.toContainText("Health-probe ingress is partial");
  });
});
