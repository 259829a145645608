import "server-only";
import { APP_NAMESPACES } from "./catalog-apps";
import { PLATFORM_NAMESPACES } from "./catalog-platform";
import type { AccessName, GatewayName, ProfileName } from "./homelab-constants";

// The demo homelab as data: every namespace, what runs in it and how it is labelled. The
// Kubernetes objects (homelab-objects.ts) and the traffic plan (traffic-plan.ts) are built from it.

export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet" | "CronJob" | "Cluster" | "Pod";

export interface WorkloadSpec {
  /** The `app.kubernetes.io/name` label, and the workload's name unless `controllerName` says otherwise. */
  name: string;
  controllerName?: string;
  kind: WorkloadKind;
  /** Pods; a DaemonSet runs one per node regardless. */
  replicas: number;
  image: string;
  port: number;
  protocol?: "TCP" | "UDP";
  metricsPort?: number;
  /** Labels besides app.kubernetes.io/name (e.g. k8s-app, app, the gateway name). */
  labels?: Record<string, string>;
  /** Labels per replica index (CNPG's primary/replica roles). */
  replicaLabels?: (index: number) => Record<string, string>;
  hostNetwork?: boolean;
  /** The Service clients resolve; default the workload name. */
  service?: string;
  serviceAccount?: string;
}

export interface RouteSpec {
  gateway: GatewayName;
  host: string;
  /** The workload the gateway forwards to; default the namespace's first. */
  backend?: string;
  /** Requests the gateway forwards, cycled through. */
  requests: { method: string; path: string; code: number }[];
}

export interface NamespaceSpec {
  name: string;
  platform: boolean;
  /** Days since the namespace was created. */
  ageDays: number;
  profile?: ProfileName;
  access?: AccessName[];
  /** In Istio's ambient mesh (istio.io/dataplane-mode=ambient). */
  ambient?: boolean;
  /** For platform namespaces in the mesh: whether their CNP carries the HBONE rules. */
  hboneRules?: boolean;
  /** Hours since `network-policy.homelab/enforcement=disabled` was set, when it is. */
  enforcementDisabledHoursAgo?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  workloads: WorkloadSpec[];
  route?: RouteSpec;
  /** One-line purpose, used as the platform CNP's description. */
  purpose: string;
}

export const HOMELAB_NAMESPACES: readonly NamespaceSpec[] = [...PLATFORM_NAMESPACES, ...APP_NAMESPACES];

/** Ports the gateways forward to: every routed app's serving port. */
export function routedPorts(namespaces: readonly NamespaceSpec[] = HOMELAB_NAMESPACES): number[] {
  const ports = new Set<number>();
  for (const spec of namespaces) {
    if (!spec.route || spec.platform) continue;
    for (const workload of spec.workloads) ports.add(workload.port);
  }
  return [...ports].sort((a, b) => a - b);
}
