// The pods of a namespace as policy sees them.

import type { Pod } from "@/lib/kube/types";
import { podIdentityLabels, type IdentityLabels, type NamespaceInfo } from "@/lib/policy/selector";

/** Pods that count: not finished (Succeeded/Failed). */
export function isLivePod(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed";
}

/** Pods that policy applies to: live and not on the host network. */
export function isPolicyPod(pod: Pod): boolean {
  return isLivePod(pod) && pod.spec?.hostNetwork !== true;
}

export interface PodIdentity {
  name: string;
  identity: IdentityLabels;
}

export function podIdentities(pods: readonly Pod[], info: NamespaceInfo): PodIdentity[] {
  return pods.map((pod) => ({
    name: pod.metadata.name,
    identity: podIdentityLabels(pod.metadata.labels ?? {}, info, pod.spec?.serviceAccountName ?? "default"),
  }));
}
