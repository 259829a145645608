import "server-only";
import type { KindInfo } from "@/lib/kube/kinds";
import type { ServedKinds } from "./discovery";

/** What a request path names, in the Kubernetes REST layout. */
export type KubeApiRoute =
  | { type: "health" }
  | { type: "version" }
  | { type: "coreVersions" }
  | { type: "groups" }
  | { type: "group"; group: string }
  | { type: "resources"; group: string; version: string }
  | { type: "collection"; info: KindInfo; namespace: string | undefined }
  | { type: "item"; info: KindInfo; namespace: string | undefined; name: string }
  | { type: "unknown" };

const HEALTH = new Set(["/healthz", "/livez", "/readyz"]);

function segmentsOf(pathname: string): string[] | null {
  try {
    return pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
}

export function routeOf(pathname: string, served: ServedKinds): KubeApiRoute {
  if (HEALTH.has(pathname)) return { type: "health" };
  if (pathname === "/version" || pathname === "/version/") return { type: "version" };
  const segments = segmentsOf(pathname);
  if (!segments) return { type: "unknown" };

  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === "api") {
    if (segments.length === 1) return { type: "coreVersions" };
    [group, version, rest] = ["", segments[1], segments.slice(2)];
  } else if (segments[0] === "apis") {
    if (segments.length === 1) return { type: "groups" };
    if (segments.length === 2) return { type: "group", group: segments[1]! };
    [group, version, rest] = [segments[1]!, segments[2], segments.slice(3)];
  } else return { type: "unknown" };
  if (!version) return { type: "unknown" };
  if (rest.length === 0) return { type: "resources", group, version };

  const kinds = served.kinds.filter((info) => info.group === group && info.version === version);

  if (rest[0] === "namespaces" && rest.length >= 3) {
    const info = kinds.find((candidate) => candidate.kind === rest[2] && candidate.namespaced);
    if (!info || rest.length > 4) return { type: "unknown" };
    return rest.length === 3
      ? { type: "collection", info, namespace: rest[1] }
      : { type: "item", info, namespace: rest[1], name: rest[3]! };
  }
  const info = kinds.find((candidate) => candidate.kind === rest[0]);
  if (!info) return { type: "unknown" };
  if (rest.length === 1) return { type: "collection", info, namespace: undefined };
  if (rest.length === 2 && !info.namespaced)
    return { type: "item", info, namespace: undefined, name: rest[1]! };
  return { type: "unknown" };
}
