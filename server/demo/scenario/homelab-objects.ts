import "server-only";
import type { KubeObject } from "@/lib/kube/types";
import { appPolicies } from "./app-policies";
import { clusterPolicies } from "./cluster-policies";
import { HOMELAB_NAMESPACES } from "./homelab-catalog";
import { namespaceObject } from "./namespace-objects";
import { platformPolicies } from "./platform-policies";
import { createPodAddressing, podsOfNamespace } from "./pod-objects";

/**
 * The demo cluster's objects: namespaces, pods and every policy kind Sieve reads, the same for the
 * same `now` (timestamps are relative to it; names, uids and addresses are derived, not random).
 */
export function homelabObjects(now: number): KubeObject[] {
  const addressFor = createPodAddressing();
  return [
    ...HOMELAB_NAMESPACES.map((spec) => namespaceObject(spec, now)),
    ...HOMELAB_NAMESPACES.flatMap((spec) => podsOfNamespace(spec, now, addressFor)),
    ...clusterPolicies(now),
    ...platformPolicies(HOMELAB_NAMESPACES, now),
    ...appPolicies(now),
  ];
}
