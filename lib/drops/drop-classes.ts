import type { AccessLabelDefinition, Conventions, PeerConvention } from "@/lib/conventions/conventions";
import type { FlowProtocol, ReservedIdentity } from "@/lib/flows/flow";
import type { DropSeverity } from "./drop-reasons";

// The drop table of the network-policy runbook, as data. The rows are built from the
// conventions (targets, ports, labels), so custom conventions classify too. The texts are
// templates; classification fills in the {placeholders} for the namespace at hand.

export interface DropClassText {
  title: string;
  cause: string;
  fix: string;
  severity: DropSeverity;
}

export const DROP_CLASSES = {
  "dns-baseline-missing": {
    severity: "critical",
    title: "DNS lookups dropped: DNS baseline missing",
    cause: "Nothing allows {namespace} to reach {dnsTarget} on port {port}: the DNS baseline is missing.",
    fix: "Restore the DNS baseline CCNP from the GitOps repository; it should never be missing (kubectl get ccnp | grep baseline).",
  },
  "dns-denied-despite-baseline": {
    severity: "critical",
    title: "DNS lookups dropped although the DNS baseline exists",
    cause:
      "The DNS baseline exists, so something else denies it: an egressDeny rule or a NetworkPolicy in {namespace}.",
    fix: "Find the deny rule or NetworkPolicy selecting these pods with kubectl get cnp,netpol -n {namespace}, and remove or fix it in the GitOps repository.",
  },
  "platform-cnp-lacks-dns": {
    severity: "critical",
    title: "DNS lookups dropped: platform CNP lacks the DNS rule",
    cause: "The platform CNP of {namespace} lacks the DNS egress rule to {dnsTarget}.",
    fix: "Add the DNS egress rule from the template (to {dnsTarget}, port {dnsPorts}, UDP and TCP) to the platform CNP of {namespace}.",
  },
  "platform-cnp-missing": {
    severity: "critical",
    title: "Platform namespace without its own CNP",
    cause:
      "{namespace} is a platform namespace, so no profile applies, and it has no hand-crafted CNP: nothing allows {traffic}.",
    fix: "Create the platform CNP of {namespace} from the template (DNS egress, Prometheus scrape, health probes, HBONE if it is in the mesh, plus its own traffic) and list it in the platform kustomization.yaml.",
  },
  "platform-cnp-lacks-hbone": {
    severity: "critical",
    title: "Platform CNP lacks HBONE rules",
    cause:
      "The platform CNP of {namespace} lacks the HBONE rules, so ambient-mesh traffic through ztunnel (TCP {hbonePort}) is dropped.",
    fix: "Add the HBONE ingress and egress rules from the template (TCP {hbonePort} from and to {ztunnel}) to the platform CNP of {namespace}.",
  },
  "hbone-denied-despite-rules": {
    severity: "critical",
    title: "HBONE dropped although the platform CNP has HBONE rules",
    cause:
      "The platform CNP of {namespace} has HBONE rules, so something else denies it: a deny rule, or rules whose ztunnel selector or port does not match {ztunnel} on TCP {hbonePort}.",
    fix: "Compare the HBONE rules in the platform CNP of {namespace} with the template and look for deny rules (kubectl get cnp,netpol -n {namespace}).",
  },
  "hbone-not-allowed": {
    severity: "critical",
    title: "Ambient-mesh (HBONE) traffic dropped",
    cause:
      "HBONE traffic (TCP {hbonePort}) between {namespace} and {ztunnel} is dropped: no rule for application namespaces allows it.",
    fix: "Check that the baseline or profile CCNPs allow TCP {hbonePort} to and from {ztunnel} for namespaces in the ambient mesh (kubectl get ccnp | grep -E 'baseline|profile').",
  },
  "access-label-missing": {
    severity: "warning",
    title: "Missing {accessName} access label",
    cause:
      "{namespace} has no {labelKey} label, so traffic to {resource} ({target}, port {ports}) is denied.",
    fix: 'Add {labelKey}: "{labelValue}" to namespace {namespace}.',
  },
  "access-label-malformed": {
    severity: "warning",
    title: "The {accessName} access label has the wrong value",
    cause:
      '{namespace} has {labelKey}: "{actualValue}", but only "{labelValue}" grants access to {resource}.',
    fix: 'Set {labelKey}: "{labelValue}" on namespace {namespace} (it is "{actualValue}" now).',
  },
  "access-denied-despite-label": {
    severity: "warning",
    title: "{resource} dropped although the access label is set",
    cause:
      '{namespace} has {labelKey}: "{labelValue}", so the access policy should allow this; it was dropped at {dropSide}.',
    fix: 'Check that the {accessName} access policy exists (kubectl get ccnp | grep {accessName}) and that {target} lets in namespaces labelled {labelKey}="{labelValue}" on port {port} (kubectl get cnp -n {target}).',
  },
  "access-target-elsewhere": {
    severity: "warning",
    title: "{resource} port, but not in {target}",
    cause:
      "{namespace} connects to {peer} on port {port}, but the {accessName} access label only opens {target}; {peerNamespace} is not covered by it.",
    fix: "If {peer} is the one to use, add a CiliumNetworkPolicy in {namespace} allowing egress to {peerNamespace} on {protocol} {port} and let {namespace} in on the {peerNamespace} side; otherwise point the app at {target}.",
  },
  "world-https-not-allowed": {
    severity: "warning",
    title: "Internet egress dropped: profile does not open this port to the world",
    cause:
      "{profileNote} opens no egress to the world on port {port} (its egress: {profileEgress}), so {namespace} cannot reach {peer}.",
    fix: "Set {profileLabel}: {suggestedProfile} on namespace {namespace}{alternatives}.",
  },
  "world-denied-despite-profile": {
    severity: "warning",
    title: "Internet egress dropped although the profile allows it",
    cause:
      "Profile {profile} allows egress to the world on port {port}, so something else denies it: an egressDeny rule, a toFQDNs policy that does not list this host, or a NetworkPolicy in {namespace}.",
    fix: "Find the policy selecting these pods with kubectl get cnp,netpol -n {namespace} and fix it in the GitOps repository.",
  },
  "world-port-not-allowed": {
    severity: "warning",
    title: "Internet egress on port {port} dropped",
    cause: "No profile opens port {port} toward the world; {namespace} tried {peer}.",
    fix: "If it is needed, add a CiliumNetworkPolicy in {namespace} allowing egress to this host on {protocol} {port} (toFQDNs rather than a CIDR).",
  },
  "gateway-ingress-not-allowed": {
    severity: "warning",
    title: "Gateway traffic dropped: profile has no gateway ingress",
    cause:
      "{profileNote} allows no ingress from the {gatewayName} gateway, so requests through it cannot reach {namespace}.",
    fix: "Set {profileLabel}: {suggestedProfile} on namespace {namespace}{alternatives}.",
  },
  "external-gateway-not-allowed": {
    severity: "warning",
    title: "External gateway traffic dropped: profile allows the internal gateway only",
    cause:
      "Profile {profile} lets the {internalGateway} gateway in, but this request came through the {gatewayName} gateway.",
    fix: "Set {profileLabel}: {suggestedProfile} on namespace {namespace} if it is meant to be public; otherwise route it through the {internalGateway} gateway.",
  },
  "gateway-denied-despite-profile": {
    severity: "warning",
    title: "Gateway traffic dropped although the profile allows it",
    cause:
      "Profile {profile} allows ingress from the {gatewayName} gateway, so something else denies it: an ingressDeny rule or a NetworkPolicy in {namespace}, or the gateway's own policy.",
    fix: "Check kubectl get cnp,netpol -n {namespace}, and the egress rules of the CNP in {gatewayNamespace}.",
  },
  "scrape-baseline-missing": {
    severity: "warning",
    title: "Prometheus scrape dropped: scrape baseline missing",
    cause: "Nothing lets {scrapeSource} scrape {namespace}: the scrape baseline is missing.",
    fix: "Restore the Prometheus scrape baseline CCNP from the GitOps repository; it should never be missing (kubectl get ccnp | grep baseline).",
  },
  "scrape-denied-despite-baseline": {
    severity: "warning",
    title: "Prometheus scrape dropped although the scrape baseline exists",
    cause:
      "The scrape baseline exists, so something else denies it: an ingressDeny rule or a NetworkPolicy in {namespace}, or the baseline does not cover port {port}.",
    fix: "Check kubectl get cnp,netpol -n {namespace}, and the ports the scrape baseline opens.",
  },
  "platform-cnp-lacks-scrape": {
    severity: "warning",
    title: "Prometheus scrape dropped: platform CNP lacks the scrape rule",
    cause: "The platform CNP of {namespace} does not let {scrapeSource} in on port {port}.",
    fix: "Add the scrape ingress rule from the template (from {scrapeSource}, TCP {port}) to the platform CNP of {namespace}.",
  },
  "health-baseline-missing": {
    severity: "critical",
    title: "Health probes dropped: health baseline missing",
    cause: "Nothing lets health probes ({peer}) into {namespace}: the health baseline is missing.",
    fix: "Restore the health-probe baseline CCNP from the GitOps repository; it should never be missing (kubectl get ccnp | grep baseline).",
  },
  "health-denied-despite-baseline": {
    severity: "critical",
    title: "Health probes dropped although the health baseline exists",
    cause:
      "The health baseline exists, so something else denies the probes: an ingressDeny rule or a NetworkPolicy in {namespace}.",
    fix: "Find it with kubectl get cnp,netpol -n {namespace} and fix it in the GitOps repository.",
  },
  "platform-cnp-lacks-health": {
    severity: "critical",
    title: "Health probes dropped: platform CNP lacks the health rules",
    cause: "The platform CNP of {namespace} does not let health probes in (entity health and {healthCidr}).",
    fix: "Add the health-probe ingress rules from the template (fromEntities: [health] and fromCIDR: {healthCidr}) to the platform CNP of {namespace}.",
  },
  "platform-cnp-lacks-rule": {
    severity: "warning",
    title: "Platform namespace traffic its CNP does not allow",
    cause:
      "{namespace} is a platform namespace, where profiles do not apply, and its CNP does not allow {traffic}.",
    fix: "If the traffic is wanted, add a rule for it to the platform CNP of {namespace}.",
  },
  "namespace-without-profile": {
    severity: "warning",
    title: "Namespace without a profile",
    cause: "{namespace} has no {profileLabel} label, so nothing may reach it.",
    fix: "Set {profileLabel} on namespace {namespace} to one of: {profiles}.",
  },
  "unknown-namespace": {
    severity: "warning",
    title: "Dropped in an unknown namespace",
    cause:
      "Sieve has no labels for namespace {namespace} (deleted, or not synced yet), so it cannot say which of its policies denied {traffic}.",
    fix: "Check that {namespace} exists and carries the labels you expect (kubectl get namespace {namespace} --show-labels); Sieve classifies the drop once it knows the namespace.",
  },
  "policy-denied-side-unknown": {
    severity: "warning",
    title: "Policy denied at an unknown side",
    cause:
      "No rule allows {connectionText}, and Hubble did not say whether the egress of {initiator} or the ingress of {responder} dropped it.",
    fix: "Look at the policies of both sides: kubectl get cnp,netpol -n {initiatorNamespace} and -n {responderNamespace}. If the traffic is wanted, allow it on the side that denies it.",
  },
  "policy-denied": {
    severity: "warning",
    title: "Policy denied: no rule allows it",
    cause: "No rule allows {traffic} for {namespace}, and no row of the drop table covers it.",
    fix: "If the traffic is wanted, add a CiliumNetworkPolicy in {namespace} that allows it; kubectl get cnp,netpol -n {namespace} shows what applies now.",
  },
  "denied-by-deny-rule": {
    severity: "warning",
    title: "Denied by an explicit deny rule",
    cause: "{policies} denied it with a deny rule, which wins over every allow rule.",
    fix: "Remove or narrow the deny rule in {policies}; the baselines already deny whatever is not allowed, so explicit deny policies are an anti-pattern.",
  },
  "escape-hatch-not-effective": {
    severity: "critical",
    title: "Dropped although enforcement is disabled",
    cause:
      "{namespace} has {enforcementLabel}={enforcementValue}, yet its own policy dropped this flow: the escape-hatch policy is not in effect.",
    fix: "Check that the escape-hatch CCNP exists and selects namespaces labelled {enforcementLabel}={enforcementValue} (kubectl get ccnp).",
  },
  "auth-required": {
    severity: "warning",
    title: "Mutual authentication required",
    cause:
      "A policy requires mutual authentication for {traffic}, and the peers have not authenticated (yet).",
    fix: "Check that Cilium's mutual authentication (SPIRE) is healthy; packets are dropped until the handshake completes.",
  },
  "not-a-policy-drop": {
    severity: "warning",
    title: "Not a policy drop: {reason}",
    cause: "{meaning}",
    fix: "{check} No policy change will fix this.",
  },
  "not-dropped": {
    severity: "info",
    title: "Not dropped",
    cause: "The flow's verdict is {verdict}.",
    fix: "Nothing to fix.",
  },
} as const satisfies Record<string, DropClassText>;

export type DropClassKey = keyof typeof DROP_CLASSES;

/** Who the rule's peer is. */
export type PeerMatcher =
  | { kind: "pods"; namespace: string; labels: Readonly<Record<string, string>> }
  | { kind: "entity"; entity: ReservedIdentity }
  | { kind: "world" }
  /** The health entity, or an address in the probe CIDR. */
  | { kind: "health"; cidr: string }
  /** Any pod, in any namespace. */
  | { kind: "any-pod" };

export type DropRowId =
  | "dns"
  | "hbone-egress"
  | "hbone-ingress"
  | "access-label"
  | "access-target-elsewhere"
  | "world-https"
  | "world-other"
  | "gateway-ingress"
  | "scrape"
  | "health";

export interface DropRule {
  row: DropRowId;
  /** The class the row yields; classification may pick a variant after looking at the cluster. */
  classKey: DropClassKey;
  /** Human summary of what the row matches, e.g. "egress to kube-system/kube-dns :53". */
  pattern: string;
  /**
   * outbound: the namespace opens a connection to the peer (the fix is the source's);
   * inbound: the peer connects to the namespace (the fix is the destination's).
   */
  orientation: "outbound" | "inbound";
  peer: PeerMatcher;
  /** null: any port. */
  ports: readonly number[] | null;
  /** null: any protocol. */
  protocols: readonly FlowProtocol[] | null;
  /** Set on the access-label rows. */
  accessLabel?: AccessLabelDefinition;
}

const RESERVED_IDENTITIES: readonly ReservedIdentity[] = [
  "host",
  "world",
  "unmanaged",
  "health",
  "init",
  "remote-node",
  "kube-apiserver",
  "ingress",
  "unknown",
];

export function isReservedIdentity(name: string): name is ReservedIdentity {
  return (RESERVED_IDENTITIES as readonly string[]).includes(name);
}

/** The rows in the order they are tried; the first row that matches a drop classifies it. */
export function buildDropRules(conventions: Conventions): DropRule[] {
  const { dnsTarget, mesh, gateway, scrapeSource } = conventions;
  const worldPorts = [...new Set(conventions.profileGrants.flatMap((g) => g.worldEgressPorts))].sort(
    (a, b) => a - b,
  );
  const rules: DropRule[] = [
    {
      row: "dns",
      classKey: "dns-baseline-missing",
      pattern: `egress to ${describePeerConvention(dnsTarget)} :${dnsTarget.ports.join("/")}`,
      orientation: "outbound",
      peer: podsOf(dnsTarget),
      ports: dnsTarget.ports,
      protocols: ["UDP", "TCP"],
    },
    hboneRule(mesh, "outbound"),
    hboneRule(mesh, "inbound"),
  ];
  for (const accessLabel of conventions.accessLabels) {
    const entityTarget = isReservedIdentity(accessLabel.target);
    rules.push({
      row: "access-label",
      classKey: "access-label-missing",
      pattern: `egress to ${accessLabel.target} :${accessLabel.ports.join("/")}`,
      orientation: "outbound",
      peer: entityTarget
        ? { kind: "entity", entity: accessLabel.target as ReservedIdentity }
        : { kind: "pods", namespace: accessLabel.target, labels: {} },
      ports: accessLabel.ports,
      protocols: null,
      accessLabel,
    });
  }
  for (const accessLabel of conventions.accessLabels) {
    if (isReservedIdentity(accessLabel.target)) continue;
    rules.push({
      row: "access-target-elsewhere",
      classKey: "access-target-elsewhere",
      pattern: `egress to a pod outside ${accessLabel.target} :${accessLabel.ports.join("/")}`,
      orientation: "outbound",
      peer: { kind: "any-pod" },
      ports: accessLabel.ports,
      protocols: null,
      accessLabel,
    });
  }
  if (worldPorts.length > 0) {
    rules.push({
      row: "world-https",
      classKey: "world-https-not-allowed",
      pattern: `egress to world :${worldPorts.join("/")}`,
      orientation: "outbound",
      peer: { kind: "world" },
      ports: worldPorts,
      protocols: null,
    });
  }
  rules.push(
    {
      row: "world-other",
      classKey: "world-port-not-allowed",
      pattern: "egress to world on another port",
      orientation: "outbound",
      peer: { kind: "world" },
      ports: null,
      protocols: null,
    },
    {
      row: "gateway-ingress",
      classKey: "gateway-ingress-not-allowed",
      pattern: `ingress from ${gateway.namespace}`,
      orientation: "inbound",
      peer: { kind: "pods", namespace: gateway.namespace, labels: {} },
      ports: null,
      protocols: null,
    },
    {
      row: "scrape",
      classKey: "scrape-baseline-missing",
      pattern: `ingress from ${describePeerConvention(scrapeSource)}`,
      orientation: "inbound",
      peer: podsOf(scrapeSource),
      ports: null,
      protocols: null,
    },
    {
      row: "health",
      classKey: "health-baseline-missing",
      pattern: `ingress from health (entity health, ${conventions.healthProbeCidr})`,
      orientation: "inbound",
      peer: { kind: "health", cidr: conventions.healthProbeCidr },
      ports: null,
      protocols: null,
    },
  );
  return rules;
}

/** Ambient mesh traffic between a pod and its node's ztunnel, one row per direction. */
function hboneRule(mesh: Conventions["mesh"], orientation: DropRule["orientation"]): DropRule {
  const outbound = orientation === "outbound";
  return {
    row: outbound ? "hbone-egress" : "hbone-ingress",
    classKey: "platform-cnp-lacks-hbone",
    pattern: `${outbound ? "egress to" : "ingress from"} ${describePeerConvention(mesh.ztunnel)} :${mesh.hbonePort} (HBONE)`,
    orientation,
    peer: podsOf(mesh.ztunnel),
    ports: [mesh.hbonePort],
    protocols: ["TCP"],
  };
}

function podsOf(peer: PeerConvention): PeerMatcher {
  return { kind: "pods", namespace: peer.namespace, labels: peer.labels };
}

/** "kube-system/kube-dns" style: the namespace and the values of the selecting labels. */
export function describePeerConvention(peer: PeerConvention): string {
  const values = Object.values(peer.labels);
  return values.length > 0 ? `${peer.namespace}/${values.join(",")}` : peer.namespace;
}

/** Fills {placeholders}; a placeholder without a value stays visible rather than vanishing. */
export function fillTemplate(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? params[name]! : whole,
  );
}
