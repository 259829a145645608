// Cilium entities: names for peers that have no labels of their own.

export const CILIUM_ENTITIES = [
  "all",
  "world",
  "world-ipv4",
  "world-ipv6",
  "cluster",
  "host",
  "remote-node",
  "kube-apiserver",
  "ingress",
  "health",
  "init",
  "unmanaged",
  "none",
] as const;

export type CiliumEntity = (typeof CILIUM_ENTITIES)[number];

export function isCiliumEntity(value: string): value is CiliumEntity {
  return (CILIUM_ENTITIES as readonly string[]).includes(value);
}

const WORLD: readonly string[] = ["world", "world-ipv4", "world-ipv6"];

export function isWorldEntity(entity: string): boolean {
  return WORLD.includes(entity);
}

/** Does a rule naming entity `peer` admit the reserved identity `remote`? */
export function entityIncludes(peer: string, remote: string): boolean {
  if (peer === "none" || remote === "none") return false;
  if (peer === "all" || peer === remote) return true;
  // "cluster" is every identity inside the cluster: pods and the reserved in-cluster identities.
  if (peer === "cluster") return !isWorldEntity(remote) && remote !== "all";
  if (peer === "world") return remote === "world-ipv4" || remote === "world-ipv6";
  return false;
}
