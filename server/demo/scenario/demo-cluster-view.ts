import "server-only";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { buildEvaluationContext, type EvaluationContext } from "@/lib/evaluator/evaluation-context";
import type {
  CiliumClusterwideNetworkPolicy,
  CiliumNetworkPolicy,
  CiliumPolicyRule,
  KubeObject,
  Namespace,
  NetworkPolicy,
  Pod,
} from "@/lib/kube/types";
import { POD_NAMESPACE_LABEL } from "@/lib/policy/selector";
import { CLUSTER_NAME, NAMESPACE_LABEL_PREFIX } from "./homelab-constants";
import { hash32 } from "./stable-random";

// The cluster as traffic sees it: pods as Cilium endpoints (labels, identity, node) and the
// policies as Sieve's evaluator sees them. Built from the objects once per change of them.

export interface DemoPodEndpoint {
  kind: "pod";
  namespace: string;
  name: string;
  ip: string;
  node: string;
  /** The pod's own labels. */
  labels: Record<string, string>;
  /** Labels as policies select them: the pod's, its namespace name, and its namespace's labels. */
  selectorLabels: Record<string, string>;
  /** Cilium's "k8s:key=value" labels, sorted, as Hubble prints them. */
  ciliumLabels: string[];
  serviceAccount: string;
  identity: number;
  /** Endpoint id on its node. */
  endpointId: number;
  workload: { name: string; kind: string } | null;
  hostNetwork: boolean;
}

export interface DemoClusterView {
  namespaceLabels(namespace: string): Record<string, string> | undefined;
  /** Running pods in `namespace` whose labels include all of `labels`. */
  podsMatching(namespace: string, labels: Record<string, string>): DemoPodEndpoint[];
  /** The namespaces and policies, prepared for the evaluator that decides the traffic's verdicts. */
  policies: EvaluationContext;
}

interface OwnerReference {
  kind?: string;
  name?: string;
}

/** The workload Hubble would name: a ReplicaSet's Deployment, a Job's CronJob, else the owner. */
function workloadOf(pod: Pod): { name: string; kind: string } | null {
  const owners = (pod.metadata as { ownerReferences?: OwnerReference[] }).ownerReferences ?? [];
  const owner = owners[0];
  if (!owner?.kind || !owner.name) return null;
  if (owner.kind === "ReplicaSet") return { name: owner.name.replace(/-[a-z0-9]+$/, ""), kind: "Deployment" };
  if (owner.kind === "Job" && /-\d+$/.test(owner.name)) {
    return { name: owner.name.replace(/-\d+$/, ""), kind: "CronJob" };
  }
  return { name: owner.name, kind: owner.kind };
}

export function ciliumLabelsOf(
  namespace: string,
  podLabels: Record<string, string>,
  namespaceLabels: Record<string, string>,
  serviceAccount: string,
): string[] {
  const labels = [
    ...Object.entries(podLabels).map(([key, value]) => `k8s:${key}=${value}`),
    ...Object.entries(namespaceLabels).map(([key, value]) => `k8s:${NAMESPACE_LABEL_PREFIX}${key}=${value}`),
    `k8s:io.cilium.k8s.policy.cluster=${CLUSTER_NAME}`,
    `k8s:io.cilium.k8s.policy.serviceaccount=${serviceAccount}`,
    `k8s:${POD_NAMESPACE_LABEL}=${namespace}`,
  ];
  return labels.sort();
}

/** Cilium allocates one identity per distinct label set; cluster-local identities start at 256. */
export function identityOf(ciliumLabels: readonly string[]): number {
  return 256 + (hash32(ciliumLabels.join(";")) % 65_000);
}

export function rulesOf(policy: CiliumNetworkPolicy | CiliumClusterwideNetworkPolicy): CiliumPolicyRule[] {
  return [...(policy.spec ? [policy.spec] : []), ...(policy.specs ?? [])];
}

/** A running pod as a Cilium endpoint; null until it has an address. */
function podEndpoint(pod: Pod, namespaces: Map<string, Record<string, string>>): DemoPodEndpoint | null {
  const namespace = pod.metadata.namespace ?? "default";
  const ip = pod.status?.podIP;
  if (!ip || pod.status?.phase !== "Running") return null;
  const labels = { ...pod.metadata.labels };
  const namespaceLabels = namespaces.get(namespace) ?? {};
  const serviceAccount = pod.spec?.serviceAccountName ?? "default";
  const ciliumLabels = ciliumLabelsOf(namespace, labels, namespaceLabels, serviceAccount);
  const selectorLabels: Record<string, string> = { ...labels, [POD_NAMESPACE_LABEL]: namespace };
  for (const [key, value] of Object.entries(namespaceLabels)) {
    selectorLabels[`${NAMESPACE_LABEL_PREFIX}${key}`] = value;
  }
  return {
    kind: "pod",
    namespace,
    name: pod.metadata.name,
    ip,
    node: pod.spec?.nodeName ?? "node-1",
    labels,
    selectorLabels,
    ciliumLabels,
    serviceAccount,
    identity: identityOf(ciliumLabels),
    endpointId: 100 + (hash32(`${namespace}/${pod.metadata.name}`) % 3900),
    workload: workloadOf(pod),
    hostNetwork: pod.spec?.hostNetwork === true,
  };
}

export function createClusterView(objects: readonly KubeObject[]): DemoClusterView {
  const namespaces = new Map<string, Record<string, string>>();
  for (const object of objects) {
    if (object.kind === "Namespace")
      namespaces.set(object.metadata.name, { ...(object as Namespace).metadata.labels });
  }
  const pods = objects.flatMap((object) => {
    if (object.kind !== "Pod") return [];
    const endpoint = podEndpoint(object as Pod, namespaces);
    return endpoint ? [endpoint] : [];
  });
  const ofKind = <T extends KubeObject>(kind: T["kind"]) => objects.filter((o): o is T => o.kind === kind);
  const policies = buildEvaluationContext(
    {
      namespaces: ofKind<Namespace>("Namespace"),
      networkpolicies: ofKind<NetworkPolicy>("NetworkPolicy"),
      ciliumnetworkpolicies: ofKind<CiliumNetworkPolicy>("CiliumNetworkPolicy"),
      ciliumclusterwidenetworkpolicies: ofKind<CiliumClusterwideNetworkPolicy>(
        "CiliumClusterwideNetworkPolicy",
      ),
    },
    DEFAULT_CONVENTIONS,
  );

  return {
    namespaceLabels: (namespace) => namespaces.get(namespace),
    podsMatching: (namespace, labels) =>
      pods.filter(
        (pod) =>
          pod.namespace === namespace &&
          Object.entries(labels).every(([key, value]) => pod.labels[key] === value),
      ),
    policies,
  };
}
