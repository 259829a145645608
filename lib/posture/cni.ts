// Is a policy-enforcing CNI running? Without Cilium agents every policy object is inert. A
// repository preview (configured, never guessed) has no cluster and so no agents: its policies are
// read as Cilium would enforce them, and nothing says "no enforcing CNI".

import type { Conventions } from "@/lib/conventions/conventions";
import type { Pod } from "@/lib/kube/types";

/**
 * "cluster": a live cluster's agents are counted; "preview": a repository is read, not a cluster;
 * "unknown": the pods are not known current (API unreachable, no right to list pods).
 */
export type CniMode = "cluster" | "preview" | "unknown";

export interface CniPosture {
  enforcing: boolean;
  /** False when the pods are not known: nothing may be concluded about the CNI. */
  known: boolean;
  /** True when previewing a repository: there is no CNI to look for. */
  preview: boolean;
  agentPods: number;
  runningAgentPods: number;
  message: string;
}

function isAgent(pod: Pod, conventions: Conventions): boolean {
  const { namespace, labels } = conventions.cniAgent;
  if (pod.metadata.namespace !== namespace) return false;
  const podLabels = pod.metadata.labels ?? {};
  return Object.entries(labels).every(([k, v]) => Object.hasOwn(podLabels, k) && podLabels[k] === v);
}

export function cniPosture(
  pods: readonly Pod[],
  conventions: Conventions,
  mode: CniMode = "cluster",
): CniPosture {
  if (mode === "unknown") {
    return {
      enforcing: false,
      known: false,
      preview: false,
      agentPods: 0,
      runningAgentPods: 0,
      message: "unknown: the cluster's pods are not known current",
    };
  }
  if (mode === "preview") {
    return {
      enforcing: true,
      known: true,
      preview: true,
      agentPods: 0,
      runningAgentPods: 0,
      message: "repository preview: no cluster, the policies are read as Cilium would enforce them",
    };
  }
  const agents = pods.filter((pod) => isAgent(pod, conventions));
  // A pod without a reported phase is given the benefit of the doubt.
  const running = agents.filter((pod) => (pod.status?.phase ?? "Running") === "Running").length;
  const where = `${conventions.cniAgent.namespace} pods ${Object.entries(conventions.cniAgent.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ")}`;
  let message: string;
  if (running > 0) message = `Cilium agent running (${running} of ${agents.length} pods)`;
  else if (agents.length > 0)
    message = `Cilium agent pods exist (${where}) but none is running: policies may not be enforced`;
  else message = `no Cilium agent pods (${where}): every policy is inert, all traffic flows`;
  return {
    enforcing: running > 0,
    known: true,
    preview: false,
    agentPods: agents.length,
    runningAgentPods: running,
    message,
  };
}
