// What a change newly allows a namespace's pods, in words: the allow rules that select the namespace
// after the change, cut into (direction, peer, port) pieces, minus the pieces it already had. A
// selector naming several values (gateway-name in (internal, external)) is cut per value, so that
// switching from internal to standard opens "ingress from the external gateway", not a whole rule.

import type { Conventions } from "@/lib/conventions/conventions";
import {
  allowRules,
  DIRECTIONS,
  type Direction,
  type NormalizedRule,
  type Peer,
  type PortSpec,
} from "@/lib/policy/model";
import { describePeer, describePortSpec, describeSelector } from "@/lib/policy/render-rule";
import { NAMESPACE_LABELS_PREFIX, POD_NAMESPACE_LABEL, type Selector } from "@/lib/policy/selector";
import { selectionsOf, type EvaluationContext } from "@/lib/evaluator/evaluation-context";

export interface OpenedAccess {
  namespace: string;
  direction: Direction;
  peer: Peer;
  /** null: every port. */
  port: PortSpec | null;
  /** Some pods of the namespace only (the policy selects by pod labels): who. */
  pods: string | null;
  /** "ingress from the external gateway (istio-gateway pods gateway.networking.k8s.io/gateway-name=external)" */
  what: string;
  /** `what` on the port: "… on 8080/TCP". */
  text: string;
}

const MAX_SPLIT = 16;

/** One selector per combination of the values of its multi-valued In requirements. */
function splitSelector(selector: Selector): Selector[] {
  let result: Selector[] = [{ requirements: [] }];
  for (const requirement of selector.requirements) {
    const values = requirement.operator === "In" && requirement.values.length > 1 ? requirement.values : null;
    if (!values || result.length * values.length > MAX_SPLIT) {
      result = result.map((s) => ({ requirements: [...s.requirements, requirement] }));
      continue;
    }
    result = result.flatMap((s) =>
      values.map((value) => ({ requirements: [...s.requirements, { ...requirement, values: [value] }] })),
    );
  }
  return result;
}

function splitPeers(rule: NormalizedRule): Peer[] {
  return rule.peers.flatMap((peer): Peer[] =>
    peer.type === "endpoints"
      ? splitSelector(peer.selector).map((selector) => ({ ...peer, selector }))
      : [peer],
  );
}

function ports(rule: NormalizedRule): (PortSpec | null)[] {
  if (rule.toPorts.length === 0) return rule.icmps.length === 0 ? [null] : [];
  if (rule.toPorts.some((p) => p.ports.length === 0)) return [null];
  return rule.toPorts.flatMap((p) => p.ports);
}

function single(selector: Selector, key: string): string | undefined {
  const r = selector.requirements.find((q) => q.key === key && q.operator === "In" && q.values.length === 1);
  return r?.values[0];
}

/** Names the conventions give peers: the gateways, kube-dns, Prometheus, ztunnel. */
function describeOpenedPeer(peer: Peer, context: EvaluationContext): string {
  const plain = describePeer(peer, context.renderOptions);
  if (peer.type !== "endpoints") return plain;
  const { gateway, dnsTarget, scrapeSource, mesh }: Conventions = context.conventions;
  const namespace =
    single(peer.selector, POD_NAMESPACE_LABEL) ??
    single(peer.selector, `${NAMESPACE_LABELS_PREFIX}kubernetes.io/metadata.name`);
  const matches = (ns: string, labels: Record<string, string>) =>
    namespace === ns && Object.entries(labels).every(([k, v]) => single(peer.selector, k) === v);
  const gatewayName = single(peer.selector, gateway.nameLabel);
  if (namespace === gateway.namespace && gatewayName) return `the ${gatewayName} gateway (${plain})`;
  if (matches(dnsTarget.namespace, dnsTarget.labels)) return `kube-dns (${plain})`;
  if (matches(scrapeSource.namespace, scrapeSource.labels)) return `Prometheus (${plain})`;
  if (matches(mesh.ztunnel.namespace, mesh.ztunnel.labels)) return `ztunnel (${plain})`;
  return plain;
}

function portText(port: PortSpec | null): string {
  return port ? describePortSpec(port) : "any port";
}

function access(
  context: EvaluationContext,
  namespace: string,
  direction: Direction,
  peer: Peer,
  port: PortSpec | null,
  pods: string | null,
): OpenedAccess {
  const preposition = direction === "ingress" ? "from" : "to";
  const who = pods ? ` (for ${pods})` : "";
  const what = `${direction} ${preposition} ${describeOpenedPeer(peer, context)}${who}`;
  return { namespace, direction, peer, port, pods, what, text: `${what} on ${portText(port)}` };
}

/** Every (direction, peer, port) the allow rules selecting the namespace's pods grant, by a stable key. */
export function namespaceAccess(context: EvaluationContext, namespace: string): Map<string, OpenedAccess> {
  const result = new Map<string, OpenedAccess>();
  for (const { policy, coverage } of selectionsOf(context, namespace)) {
    const pods =
      coverage === "some" && policy.subject.type === "endpoints"
        ? describeSelector(policy.subject.selector)
        : null;
    for (const direction of DIRECTIONS) {
      for (const rule of allowRules(policy, direction)) {
        for (const peer of splitPeers(rule)) {
          for (const port of ports(rule)) {
            const item = access(context, namespace, direction, peer, port, pods);
            result.set(`${namespace}|${item.text}`, item);
          }
        }
      }
    }
  }
  return result;
}

/** What the namespaces' pods may do after the change that they could not before. */
export function openedAccess(
  before: EvaluationContext,
  after: EvaluationContext,
  namespaces: Iterable<string>,
): OpenedAccess[] {
  const opened: OpenedAccess[] = [];
  for (const namespace of namespaces) {
    const had = namespaceAccess(before, namespace);
    for (const [key, item] of namespaceAccess(after, namespace)) if (!had.has(key)) opened.push(item);
  }
  return opened;
}

/** One line per (direction, peer): "ingress from the internal gateway (…) on 80/TCP, 443/TCP". */
export function describeAccess(items: readonly OpenedAccess[]): string[] {
  const byPeer = new Map<string, string[]>();
  for (const item of items) {
    const key = item.what;
    const ports = byPeer.get(key) ?? [];
    const port = portText(item.port);
    if (!ports.includes(port)) ports.push(port);
    byPeer.set(key, ports);
  }
  return [...byPeer].map(([what, ports]) => `${what} on ${ports.join(", ")}`);
}
