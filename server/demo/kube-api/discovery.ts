import "server-only";
import type { KindInfo } from "@/lib/kube/kinds";

/** What the server advertises: the kinds it serves, grouped the way discovery documents them. */
export interface ServedKinds {
  kinds: readonly KindInfo[];
}

const VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];

const SINGULAR: Record<string, string> = {
  namespaces: "namespace",
  pods: "pod",
  networkpolicies: "networkpolicy",
  ciliumnetworkpolicies: "ciliumnetworkpolicy",
  ciliumclusterwidenetworkpolicies: "ciliumclusterwidenetworkpolicy",
};

function categories(info: KindInfo): string[] | undefined {
  if (info.kind === "pods") return ["all"];
  if (info.group === "cilium.io") return ["cilium", "ciliumpolicy"];
  return undefined;
}

function groupVersion(info: KindInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

export function servedVersion(): Record<string, string> {
  return {
    major: "1",
    minor: "32",
    gitVersion: "v1.32.0-sieve-demo",
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2025-01-01T00:00:00Z",
    goVersion: "go1.23.0",
    compiler: "gc",
    platform: `${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}`,
  };
}

/** GET /api */
export function coreVersions(serverAddress: string) {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupsOf(served: ServedKinds) {
  const groups = new Map<string, string[]>();
  for (const info of served.kinds) {
    if (!info.group) continue;
    const versions = groups.get(info.group) ?? [];
    if (!versions.includes(info.version)) versions.push(info.version);
    groups.set(info.group, versions);
  }
  return [...groups.entries()].map(([name, versions]) => {
    const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: entries, preferredVersion: entries[0]! };
  });
}

/** GET /apis */
export function groupList(served: ServedKinds) {
  return { kind: "APIGroupList", apiVersion: "v1", groups: groupsOf(served) };
}

/** GET /apis/{group}, or undefined if the group is not served. */
export function apiGroup(served: ServedKinds, group: string) {
  const found = groupsOf(served).find((candidate) => candidate.name === group);
  return found && { kind: "APIGroup", apiVersion: "v1", ...found };
}

/** GET /api/v1 or /apis/{group}/{version}, or undefined if that group version is not served. */
export function resourceList(served: ServedKinds, group: string, version: string) {
  const kinds = served.kinds.filter((info) => info.group === group && info.version === version);
  if (kinds.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: groupVersion(kinds[0]!),
    resources: kinds.map((info) => ({
      name: info.kind,
      singularName: SINGULAR[info.kind] ?? info.objectKind.toLowerCase(),
      namespaced: info.namespaced,
      kind: info.objectKind,
      verbs: VERBS,
      shortNames: info.shortNames,
      categories: categories(info),
    })),
  };
}
