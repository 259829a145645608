// Test helpers for what-if: renders from plain manifests, flows between the homelab's pods.

import { clusterConventions } from "@/lib/conventions/cluster-conventions";
import type { Flow } from "@/lib/flows/flow";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import type { KubeManifest, RepositoryRender } from "@/lib/render/rendered";

export function renderOf(...objects: readonly unknown[]): RepositoryRender {
  return {
    renderer: "test",
    objects: objects.map((object, document) => ({
      object: structuredClone(object) as KubeManifest,
      origin: { file: "clusters/home/policies.yaml", document, kustomization: null, template: null },
    })),
    problems: [],
  };
}

export const conventionsOf = (objects: ClusterObjects) => clusterConventions(objects);

let nextId = 0;

/** `count` flows from a pod to a pod, forwarded unless said otherwise. */
export function podFlows(
  from: { namespace: string; pod: string; labels: Record<string, string> },
  to: { namespace: string; pod: string; labels: Record<string, string> },
  port: number,
  count: number,
  verdict: Flow["verdict"] = "FORWARDED",
): Flow[] {
  return Array.from({ length: count }, (_, i) =>
    testFlow({
      id: `what-if-${(nextId += 1)}`,
      time: 1_700_000_000_000 + i * 1000,
      verdict,
      dropReason: verdict === "DROPPED" ? "POLICY_DENIED" : null,
      source: testPeer({ ...from, workload: null }),
      destination: testPeer({ ...to, workload: null, ip: "10.244.1.9" }),
      destinationPort: port,
    }),
  );
}
