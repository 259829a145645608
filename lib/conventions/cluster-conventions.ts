// The conventions in force for a cluster: inferred from its policies and namespaces, then the
// conventions file's fields on top.

import type { DeclaredPlatformNamespace } from "./declared-platform";
import { isRecord } from "@/lib/policy/json-read";
import { normalizePolicies } from "@/lib/policy/model";
import { namespaceInfo, type NamespaceInfo } from "@/lib/policy/selector";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import type { Conventions } from "./conventions";
import { inferConventions, withOverrides, type InferredConventions } from "./infer-conventions";

export interface ClusterConventionsOptions {
  /** Namespaces the GitOps source declares as platform ones. */
  declaredPlatformNamespaces?: readonly DeclaredPlatformNamespace[];
  fallback?: Conventions;
}

function namespaceInfos(objects: ClusterObjects): NamespaceInfo[] {
  const infos: NamespaceInfo[] = [];
  for (const ns of objects.namespaces as readonly unknown[]) {
    const metadata = isRecord(ns) && isRecord(ns.metadata) ? ns.metadata : {};
    if (typeof metadata.name !== "string") continue;
    const labels = isRecord(metadata.labels) ? (metadata.labels as Record<string, string>) : {};
    infos.push(namespaceInfo(metadata.name, labels));
  }
  return infos;
}

export function clusterConventions(
  objects: Pick<
    ClusterObjects,
    "namespaces" | "ciliumclusterwidenetworkpolicies" | "ciliumnetworkpolicies" | "networkpolicies"
  >,
  overrides: Partial<Conventions> = {},
  options: ClusterConventionsOptions = {},
): InferredConventions {
  const policies = normalizePolicies(
    objects.ciliumclusterwidenetworkpolicies,
    objects.ciliumnetworkpolicies,
    objects.networkpolicies,
  );
  const inferred = inferConventions({
    policies,
    namespaces: namespaceInfos(objects as ClusterObjects),
    declaredPlatformNamespaces: options.declaredPlatformNamespaces,
    fallback: options.fallback,
  });
  return withOverrides(inferred, overrides);
}
