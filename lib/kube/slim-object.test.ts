import { describe, expect, it } from "vitest";
import { labelSetAt, labelSetByHand } from "@/lib/posture/enforcement";
import { slimObject } from "./slim-object";

const ESCAPE_HATCH = "network-policy.homelab/enforcement";

describe("slimObject", () => {
  it("keeps a pod's name, labels, phase, host network flag, service account and node, and nothing else", () => {
    const pod = slimObject("pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "web-1",
        namespace: "shop",
        uid: "u1",
        resourceVersion: "42",
        labels: { app: "web" },
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{…}", team: "a" },
        ownerReferences: [{ kind: "ReplicaSet", name: "web" }],
        managedFields: [{ manager: "kubelet", fieldsV1: { "f:status": {} } }],
      },
      spec: { nodeName: "node-1", hostNetwork: true, serviceAccountName: "web", containers: [{ name: "c" }] },
      status: { phase: "Running", podIP: "10.0.0.1", conditions: [{ type: "Ready" }] },
    });
    expect(pod).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "web-1",
        namespace: "shop",
        uid: "u1",
        resourceVersion: "42",
        labels: { app: "web" },
        annotations: { team: "a" },
      },
      spec: { nodeName: "node-1", hostNetwork: true, serviceAccountName: "web" },
      status: { phase: "Running" },
    });
  });

  it("keeps who set a namespace's labels and when, so the escape hatch's age and owner still read", () => {
    const raw = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: "shop",
        labels: { [ESCAPE_HATCH]: "disabled" },
        managedFields: [
          {
            manager: "kubectl-label",
            operation: "Update",
            time: "2026-01-02T03:04:05Z",
            fieldsV1: { "f:metadata": { "f:labels": { [`f:${ESCAPE_HATCH}`]: {} } } },
          },
          {
            manager: "kube-controller-manager",
            operation: "Update",
            time: "2025-01-01T00:00:00Z",
            fieldsV1: { "f:status": { "f:phase": {} } },
          },
        ],
      },
      status: { phase: "Active" },
    };
    const namespace = slimObject("namespaces", raw);
    expect(namespace.metadata.managedFields).toHaveLength(1);
    expect(labelSetAt(namespace.metadata.managedFields, ESCAPE_HATCH)).toBe(
      labelSetAt(raw.metadata.managedFields, ESCAPE_HATCH),
    );
    expect(labelSetByHand(namespace.metadata.managedFields, ESCAPE_HATCH)).toBe(true);
    expect(namespace.status).toEqual({ phase: "Active" });
  });

  it("keeps a policy's whole spec", () => {
    const spec = { endpointSelector: {}, egress: [{ toEntities: ["world"] }] };
    const policy = slimObject("ciliumnetworkpolicies", {
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "p", namespace: "shop", managedFields: [{ manager: "kustomize-controller" }] },
      spec,
      status: { nodes: {} },
    });
    expect(policy).toEqual({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "p", namespace: "shop" },
      spec,
    });
  });

  it("hands equal strings of different objects to the interner, which shares one copy", () => {
    const seen = new Map<string, string>();
    const intern = (text: string) => seen.get(text) ?? (seen.set(text, text), text);
    const one = slimObject(
      "pods",
      { apiVersion: "v1", kind: "Pod", metadata: { name: "a", labels: { app: "web" } } },
      intern,
    );
    const two = slimObject(
      "pods",
      { apiVersion: "v1", kind: "Pod", metadata: { name: "b", labels: { app: "web" } } },
      intern,
    );
    expect(one.metadata.labels).toEqual(two.metadata.labels);
    expect(seen.has("web")).toBe(true);
  });
});
