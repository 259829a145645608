// The CiliumNetworkPolicy rule a platform namespace needs for one denied side of a connection, in
// the platform template's vocabulary: DNS to kube-dns, HBONE with ztunnel, Prometheus scrape,
// health probes; anything else is a rule naming the peer (pods by namespace and app label, an
// entity, or the world) on the one port, never an IP and never "any port".

import type { Conventions, PeerConvention } from "@/lib/conventions/conventions";
import type { CnpProtocol, CnpRule } from "@/lib/gitops/change";
import { hboneRule } from "@/lib/gitops/platform-cnp";
import { cidrCovers } from "@/lib/policy/cidr";
import type { Direction } from "@/lib/policy/model";
import { POD_NAMESPACE_LABEL } from "@/lib/policy/selector";
import type { AnyEndpoint, PodEndpoint } from "@/lib/evaluator/connection-query";
import type { Traffic } from "@/lib/evaluator/direction-verdict";

/** Labels that name a workload, most specific first; one is enough to select the peer. */
const NAME_LABELS = ["app.kubernetes.io/name", "app", "k8s-app", "name"];

export type PlatformRuleKind = "dns" | "hbone" | "scrape" | "health" | "peer";

export interface PlatformRule {
  kind: PlatformRuleKind;
  direction: Direction;
  rule: CnpRule;
}

function isPeer(pod: PodEndpoint, convention: PeerConvention): boolean {
  return (
    pod.namespace === convention.namespace &&
    Object.entries(convention.labels).every(([k, v]) => pod.labels[k] === v)
  );
}

function selectorOf(pod: PodEndpoint, conventions: Conventions): Record<string, string> {
  const selector: Record<string, string> = { [POD_NAMESPACE_LABEL]: pod.namespace };
  const gateway = conventions.gateway.nameLabel;
  const key = [gateway, ...NAME_LABELS].find((k) => pod.labels[k] !== undefined);
  if (key !== undefined) selector[key] = pod.labels[key]!;
  return selector;
}

function l4(protocol: Traffic["protocol"]): CnpProtocol | null {
  return protocol === "TCP" || protocol === "UDP" || protocol === "SCTP" ? protocol : null;
}

function inHealthRange(peer: AnyEndpoint, conventions: Conventions): boolean {
  if (peer.kind === "entity") return peer.entity === "health";
  return peer.kind === "cidr" && cidrCovers(conventions.healthProbeCidr, [], peer.cidr);
}

/** The rule that lets `peer` through on the platform namespace's `direction`; null for ICMP or no port. */
export function platformRuleFor(
  direction: Direction,
  peer: AnyEndpoint,
  traffic: Traffic,
  conventions: Conventions,
): PlatformRule | null {
  const { dnsTarget, mesh, scrapeSource } = conventions;
  if (direction === "ingress" && inHealthRange(peer, conventions)) {
    const rule: CnpRule =
      peer.kind === "entity"
        ? { comment: "Health probes", entities: ["health"] }
        : { comment: "Health probes (link-local)", cidrs: [conventions.healthProbeCidr] };
    return { kind: "health", direction, rule };
  }
  const protocol = l4(traffic.protocol);
  const port = traffic.port;
  if (protocol === null || port === null) return null;
  if (peer.kind === "pod") {
    if (direction === "egress" && isPeer(peer, dnsTarget) && dnsTarget.ports.includes(port)) {
      const ports = dnsTarget.ports.flatMap((p) => [
        { port: p, protocol: "UDP" as const },
        { port: p, protocol: "TCP" as const },
      ]);
      return {
        kind: "dns",
        direction,
        rule: {
          comment: "DNS",
          endpoints: [{ [POD_NAMESPACE_LABEL]: dnsTarget.namespace, ...dnsTarget.labels }],
          ports,
        },
      };
    }
    if (isPeer(peer, mesh.ztunnel) && port === mesh.hbonePort)
      return { kind: "hbone", direction, rule: hboneRule(conventions) };
    if (direction === "ingress" && isPeer(peer, scrapeSource)) {
      return {
        kind: "scrape",
        direction,
        rule: {
          comment: "Prometheus scraping",
          endpoints: [{ [POD_NAMESPACE_LABEL]: scrapeSource.namespace, ...scrapeSource.labels }],
          ports: [{ port, protocol: "TCP" }],
        },
      };
    }
    const selector = selectorOf(peer, conventions);
    const name = peer.name ? `${peer.namespace}/${peer.name}` : peer.namespace;
    return {
      kind: "peer",
      direction,
      rule: {
        comment: `${direction === "ingress" ? "From" : "To"} ${name}`,
        endpoints: [selector],
        ports: [{ port, protocol }],
      },
    };
  }
  const entity = peer.kind === "entity" ? peer.entity : "world";
  return {
    kind: "peer",
    direction,
    rule: {
      comment: entity === "world" ? "The world" : `Entity ${entity}`,
      entities: [entity],
      ports: [{ port, protocol }],
    },
  };
}

function peerKey(rule: CnpRule): string {
  return JSON.stringify([rule.entities ?? [], rule.cidrs ?? [], rule.endpoints ?? []]);
}

/** Rules with the same peers become one rule with the union of their ports. */
export function mergeRules(rules: readonly CnpRule[]): CnpRule[] {
  const merged = new Map<string, CnpRule>();
  for (const rule of rules) {
    const key = peerKey(rule);
    const known = merged.get(key);
    if (!known) {
      merged.set(key, { ...rule, ...(rule.ports ? { ports: [...rule.ports] } : {}) });
      continue;
    }
    if (!known.ports || !rule.ports) {
      delete known.ports;
      continue;
    }
    for (const port of rule.ports) {
      if (!known.ports.some((p) => p.port === port.port && p.protocol === port.protocol))
        known.ports.push(port);
    }
  }
  return [...merged.values()];
}
