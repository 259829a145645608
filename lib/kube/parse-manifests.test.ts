import { describe, expect, it } from "vitest";
import { parseManifests } from "./parse-manifests";

const NAMESPACES = `# namespaces of the platform
apiVersion: v1
kind: Namespace
metadata:
  name: paperless
  labels:
    network-policy.homelab/profile: standard
---
apiVersion: v1
kind: Namespace
metadata:
  name: database
`;

const APPS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: paperless
  namespace: paperless
spec:
  template:
    metadata:
      labels:
        app.kubernetes.io/name: paperless
    spec:
      containers: [{ name: web, image: paperless }]
---
apiVersion: v1
kind: Service
metadata: { name: paperless, namespace: paperless }
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: database-default
  namespace: database
spec:
  endpointSelector: {}
  egress: [ { toEntities: [kube-apiserver] } ]
---
kind: ConfigMap
metadata: [this is: broken
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-dns, namespace: legacy }
spec: { podSelector: {} }
`;

describe("parseManifests", () => {
  const parsed = parseManifests([
    { path: "namespaces.yaml", text: NAMESPACES },
    { path: "apps.yaml", text: APPS },
  ]);

  it("keeps the kinds Sieve watches and turns workloads into pods with their template labels", () => {
    const kinds = parsed.objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "Namespace/paperless",
        "Namespace/database",
        "Pod/paperless-0",
        "CiliumNetworkPolicy/database-default",
        "NetworkPolicy/allow-dns",
      ]),
    );
    const pod = parsed.objects.find((o) => o.kind === "Pod")!;
    expect(pod.metadata).toMatchObject({
      namespace: "paperless",
      labels: { "app.kubernetes.io/name": "paperless" },
    });
    expect(parsed.podsFromWorkloads).toEqual({ Deployment: 1 });
  });

  it("counts unknown kinds instead of failing", () => {
    expect(parsed.skipped).toEqual({ Service: 1 });
  });

  it("reports a malformed document with its file and line and loads the rest", () => {
    const broken = parsed.problems.find((p) => p.file === "apps.yaml");
    expect(broken?.line).toBeGreaterThanOrEqual(25);
    expect(broken?.line).toBeLessThanOrEqual(27);
    expect(parsed.objects.some((o) => o.metadata.name === "allow-dns")).toBe(true);
  });

  it("adds namespaces that objects use but nobody defines, and says so", () => {
    expect(parsed.objects.some((o) => o.kind === "Namespace" && o.metadata.name === "legacy")).toBe(true);
    expect(
      parsed.problems.some((p) => p.message.startsWith("namespace legacy is used but not defined")),
    ).toBe(true);
  });

  it("unrolls List documents and flags duplicates", () => {
    const list = parseManifests([
      {
        path: "list.yaml",
        text: "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n",
      },
    ]);
    expect(list.objects.filter((o) => o.metadata.name === "a")).toHaveLength(1);
    expect(list.problems[0]?.message).toContain("defined twice");
  });
});
