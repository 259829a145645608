import type { ReservedIdentity } from "@/lib/flows/flow";

// Cilium writes endpoint labels as "source:key=value". Only the sources Cilium itself defines are
// stripped, so a key that merely contains a colon keeps its full name.
const LABEL_SOURCES = new Set(["k8s", "reserved", "cidr", "fqdn", "container", "unspec", "any"]);

/** "k8s:app=web" → ["app", "web"]; "reserved:world" → ["world", ""]. */
export function splitLabel(label: string): [key: string, value: string] {
  const colon = label.indexOf(":");
  const equals = label.indexOf("=");
  const hasSource =
    colon > 0 && (equals === -1 || colon < equals) && LABEL_SOURCES.has(label.slice(0, colon));
  const body = hasSource ? label.slice(colon + 1) : label;
  const split = body.indexOf("=");
  return split === -1 ? [body, ""] : [body.slice(0, split), body.slice(split + 1)];
}

export function labelRecord(labels: readonly string[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const label of labels ?? []) {
    const [key, value] = splitLabel(label);
    if (key) record[key] = value;
  }
  return record;
}

// When a peer carries several reserved labels (a control-plane node is both host and
// kube-apiserver), the most specific one wins: it is what policies and drop causes talk about.
const RESERVED_PRIORITY: readonly ReservedIdentity[] = [
  "kube-apiserver",
  "world",
  "ingress",
  "remote-node",
  "host",
  "health",
  "init",
  "unmanaged",
  "unknown",
];

const RESERVED_BY_LABEL: Record<string, ReservedIdentity> = {
  host: "host",
  world: "world",
  "world-ipv4": "world",
  "world-ipv6": "world",
  unmanaged: "unmanaged",
  health: "health",
  init: "init",
  "remote-node": "remote-node",
  "kube-apiserver": "kube-apiserver",
  ingress: "ingress",
  unknown: "unknown",
};

// Cilium's fixed numeric identities, used when the relay sent no labels.
const RESERVED_BY_NUMBER: Record<number, ReservedIdentity> = {
  1: "host",
  2: "world",
  3: "unmanaged",
  4: "health",
  5: "init",
  6: "remote-node",
  7: "kube-apiserver",
  8: "ingress",
  9: "world",
  10: "world",
};

export function reservedIdentity(
  labels: readonly string[] | undefined,
  identity: number,
): ReservedIdentity | null {
  const found = new Set<ReservedIdentity>();
  for (const label of labels ?? []) {
    if (!label.startsWith("reserved:")) continue;
    const name = RESERVED_BY_LABEL[splitLabel(label)[0]];
    if (name) found.add(name);
  }
  const best = RESERVED_PRIORITY.find((name) => found.has(name));
  return best ?? RESERVED_BY_NUMBER[identity] ?? null;
}
