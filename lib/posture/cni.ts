// Is a policy-enforcing CNI running? Without Cilium agents every policy object is inert.

import type { Conventions } from "@/lib/conventions/conventions";
import type { Pod } from "@/lib/kube/types";

export interface CniPosture {
  enforcing: boolean;
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

export function cniPosture(pods: readonly Pod[], conventions: Conventions): CniPosture {
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
  return { enforcing: running > 0, agentPods: agents.length, runningAgentPods: running, message };
}
