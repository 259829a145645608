import "server-only";
import type { ObjectMeta, Pod } from "@/lib/kube/types";
import type { NamespaceSpec, WorkloadKind, WorkloadSpec } from "./homelab-catalog";
import { NODES, type NodeInfo } from "./homelab-constants";
import { hash32, stableSuffix, stableUuid } from "./stable-random";

// Pods as their controllers would have named and placed them, with owner references so that a
// reader (or Hubble's workload field) can tell which Deployment or StatefulSet a pod belongs to.

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

/** A Pod as the demo stores it: the typed fields plus owner references and a start time. */
export interface DemoPod extends Pod {
  metadata: ObjectMeta & { ownerReferences?: OwnerReference[] };
}

const DAY_MS = 86_400_000;

function owner(apiVersion: string, kind: string, name: string, namespace: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name,
    uid: stableUuid(`owner/${namespace}/${kind}/${name}`),
    controller: true,
    blockOwnerDeletion: true,
  };
}

interface Identity {
  name: string;
  owner?: OwnerReference;
}

/** The pod's name and owner for replica `index`, the way each controller names its pods. */
function podIdentity(namespace: string, workload: WorkloadSpec, index: number, now: number): Identity {
  const controller = workload.controllerName ?? workload.name;
  const seed = `${namespace}/${controller}`;
  const kind: WorkloadKind = workload.kind;
  switch (kind) {
    case "Deployment": {
      const replicaSet = `${controller}-${stableSuffix(`${seed}/rs`, 9)}`;
      return {
        name: `${replicaSet}-${stableSuffix(`${seed}/${index}`, 5)}`,
        owner: owner("apps/v1", "ReplicaSet", replicaSet, namespace),
      };
    }
    case "StatefulSet":
      return {
        name: `${controller}-${index}`,
        owner: owner("apps/v1", "StatefulSet", controller, namespace),
      };
    case "DaemonSet":
      return {
        name: `${controller}-${stableSuffix(`${seed}/${index}`, 5)}`,
        owner: owner("apps/v1", "DaemonSet", controller, namespace),
      };
    case "Cluster":
      return {
        name: `${controller}-${index + 1}`,
        owner: owner("postgresql.cnpg.io/v1", "Cluster", controller, namespace),
      };
    case "CronJob": {
      // The CronJob controller names a Job by its scheduled minute.
      const job = `${controller}-${lastSchedule(now) / 60_000}`;
      return {
        name: `${job}-${stableSuffix(`${seed}/${index}`, 5)}`,
        owner: owner("batch/v1", "Job", job, namespace),
      };
    }
    case "Pod":
      return { name: controller };
  }
}

/** The latest 02:00 UTC at or before `now`: when the nightly CronJobs last started. */
function lastSchedule(now: number): number {
  const twoAm = 2 * 3_600_000;
  return Math.floor((now - twoAm) / DAY_MS) * DAY_MS + twoAm;
}

function nodeFor(namespace: string, workload: WorkloadSpec, index: number): NodeInfo {
  if (workload.kind === "DaemonSet") return NODES[index % NODES.length]!;
  return NODES[(hash32(`${namespace}/${workload.name}`) + index) % NODES.length]!;
}

/** Hands out pod IPs from each node's 10.244.<n>.0/24 in catalog order. */
export function createPodAddressing(): (node: NodeInfo) => string {
  const next = new Map<string, number>();
  return (node) => {
    const host = next.get(node.name) ?? 10;
    next.set(node.name, host + 1);
    return `10.244.${node.podSubnet}.${host}`;
  };
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function podsOfNamespace(
  spec: NamespaceSpec,
  now: number,
  addressFor: (node: NodeInfo) => string,
): DemoPod[] {
  const pods: DemoPod[] = [];
  for (const workload of spec.workloads) {
    const replicas = workload.kind === "DaemonSet" ? NODES.length : workload.replicas;
    for (let index = 0; index < replicas; index += 1) {
      const identity = podIdentity(spec.name, workload, index, now);
      const node = nodeFor(spec.name, workload, index);
      const podIP = workload.hostNetwork ? node.ip : addressFor(node);
      // Pods are younger than their namespace: restarted by upgrades within the last three weeks.
      const createdMs =
        workload.kind === "CronJob"
          ? lastSchedule(now)
          : now -
            Math.min(spec.ageDays, 1 + (hash32(identity.name) % 21)) * DAY_MS +
            (hash32(identity.name) % 80_000) * 1000;
      const created = iso(Math.min(createdMs, now - 60_000));
      const labels: Record<string, string> = {
        ...(workload.kind === "Pod" ? {} : { "app.kubernetes.io/name": workload.name }),
        ...workload.labels,
        ...workload.replicaLabels?.(index),
      };
      const ports = [{ containerPort: workload.port, protocol: workload.protocol ?? "TCP", name: "main" }];
      if (workload.metricsPort !== undefined && workload.metricsPort !== workload.port) {
        ports.push({ containerPort: workload.metricsPort, protocol: "TCP", name: "metrics" });
      }
      pods.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: identity.name,
          namespace: spec.name,
          uid: stableUuid(`pod/${spec.name}/${identity.name}`),
          creationTimestamp: created,
          labels,
          ...(identity.owner ? { ownerReferences: [identity.owner] } : {}),
        },
        spec: {
          nodeName: node.name,
          ...(workload.hostNetwork ? { hostNetwork: true } : {}),
          serviceAccountName: workload.serviceAccount ?? workload.controllerName ?? workload.name,
          containers: [{ name: workload.name, image: workload.image, ports }],
        },
        status: { phase: "Running", podIP, podIPs: [{ ip: podIP }], hostIP: node.ip },
      });
    }
  }
  return pods;
}
