import type { WatchedKind } from "./types";

export interface KindInfo {
  kind: WatchedKind;
  /** Kind as it appears in the object's `kind` field. */
  objectKind: string;
  /** "" for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  /** CRDs may be absent from a cluster; that is a state, not an error. */
  optional: boolean;
  shortNames: string[];
}

export const WATCHED_KINDS: readonly KindInfo[] = [
  {
    kind: "namespaces",
    objectKind: "Namespace",
    group: "",
    version: "v1",
    namespaced: false,
    optional: false,
    shortNames: ["ns"],
  },
  {
    kind: "pods",
    objectKind: "Pod",
    group: "",
    version: "v1",
    namespaced: true,
    optional: false,
    shortNames: ["po"],
  },
  {
    kind: "networkpolicies",
    objectKind: "NetworkPolicy",
    group: "networking.k8s.io",
    version: "v1",
    namespaced: true,
    optional: false,
    shortNames: ["netpol"],
  },
  {
    kind: "ciliumnetworkpolicies",
    objectKind: "CiliumNetworkPolicy",
    group: "cilium.io",
    version: "v2",
    namespaced: true,
    optional: true,
    shortNames: ["cnp", "ciliumnp"],
  },
  {
    kind: "ciliumclusterwidenetworkpolicies",
    objectKind: "CiliumClusterwideNetworkPolicy",
    group: "cilium.io",
    version: "v2",
    namespaced: false,
    optional: true,
    shortNames: ["ccnp"],
  },
];

export function kindInfo(kind: WatchedKind): KindInfo {
  const info = WATCHED_KINDS.find((k) => k.kind === kind);
  if (!info) throw new Error(`unknown kind ${kind}`);
  return info;
}

/** REST path of the cluster-wide collection, e.g. /apis/cilium.io/v2/ciliumnetworkpolicies. */
export function collectionPath(info: KindInfo, namespace?: string): string {
  const base = info.group === "" ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${info.kind}`;
}
