import "server-only";
import type { ObjectMeta } from "@/lib/kube/types";
import { stableUuid } from "./stable-random";

const DAY_MS = 86_400_000;

/** Kubernetes' timestamp format: RFC 3339 in UTC, whole seconds. */
export function kubeTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function daysAgo(now: number, days: number): string {
  return kubeTime(now - days * DAY_MS);
}

/** Labels Flux's kustomize-controller puts on what it applies from the GitOps repository. */
export function fluxLabels(kustomization: string): Record<string, string> {
  return {
    "kustomize.toolkit.fluxcd.io/name": kustomization,
    "kustomize.toolkit.fluxcd.io/namespace": "flux-system",
  };
}

/** Metadata with a uid that is stable for the object's kind, namespace and name. */
export function objectMeta(
  kind: string,
  name: string,
  created: string,
  extra: Partial<ObjectMeta> = {},
): ObjectMeta {
  const namespace = extra.namespace;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: stableUuid(`${kind}/${namespace ?? ""}/${name}`),
    creationTimestamp: created,
    ...extra,
  };
}
