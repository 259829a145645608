// The rules every platform namespace must have (DNS egress, Prometheus scrape, health probes, HBONE
// in the ambient mesh), judged by what the selecting policies allow, baselines included, never by
// policy names. Each check is made of probes: a direction, a remote peer and a port.

import type { Conventions } from "@/lib/conventions/conventions";
import {
  allowRules,
  denyRules,
  refLabel,
  type Direction,
  type NormalizedPolicy,
  type NormalizedRule,
  type PolicyRef,
} from "@/lib/policy/model";
import {
  ruleAllowsAnyPort,
  ruleAllowsPort,
  ruleAllowsProtocol,
  ruleMatchesRemote,
  type L4Protocol,
  type Remote,
} from "@/lib/policy/rule-match";
import type { NamespaceSelection } from "@/lib/policy/selection";
import { labelValue, namespaceInfo, podIdentityLabels, type NamespaceInfo } from "@/lib/policy/selector";

export type ProbePort = { port: number; protocol: L4Protocol } | { anyPortOf: L4Protocol };

export interface Probe {
  id: string;
  /** "egress to kube-dns on 53/UDP". */
  label: string;
  direction: Direction;
  remote: Remote;
  port: ProbePort;
}

export type PlatformCheckId = "dns-egress" | "prometheus-scrape" | "health-probes" | "hbone";

export interface CheckProbes {
  dns: Probe[];
  scrape: Probe[];
  health: Probe[];
  hbone: Probe[];
}

export type PartStatus = "present" | "partial" | "missing";
export type CheckStatus = PartStatus | "not-applicable";

export interface CheckPart {
  probe: string;
  label: string;
  /** partial: allowed only for some pods, or denied for some. */
  status: PartStatus;
  allowedBy: PolicyRef[];
  deniedBy: PolicyRef[];
}

export interface PlatformCheck {
  id: PlatformCheckId;
  title: string;
  /** Must be present: a platform namespace (and, for HBONE, one in the ambient mesh). */
  required: boolean;
  status: CheckStatus;
  parts: CheckPart[];
  message: string;
}

/**
 * Remembers per-policy probe answers; they do not depend on the namespace asking, so a baseline is
 * matched once per probe for the whole cluster. Keyed by object, not by a built string, because it
 * sits on the hottest path of the cluster posture.
 */
export interface ProbeMemo {
  allow: WeakMap<Probe, WeakMap<NormalizedPolicy, boolean>>;
  deny: WeakMap<Probe, WeakMap<NormalizedPolicy, boolean>>;
}

export function newProbeMemo(): ProbeMemo {
  return { allow: new WeakMap(), deny: new WeakMap() };
}

export const CHECK_TITLES: Record<PlatformCheckId, string> = {
  "dns-egress": "DNS egress to kube-dns",
  "prometheus-scrape": "Prometheus scrape ingress",
  "health-probes": "Health-probe ingress",
  hbone: "HBONE to and from ztunnel",
};

function targetPod(
  target: { namespace: string; labels: Record<string, string> },
  labelsOf: (ns: string) => Record<string, string>,
): Remote {
  return {
    kind: "endpoint",
    labels: podIdentityLabels(target.labels, namespaceInfo(target.namespace, labelsOf(target.namespace))),
  };
}

function describeTarget(target: { namespace: string; labels: Record<string, string> }): string {
  const labels = Object.entries(target.labels).map(([k, v]) => `${k}=${v}`);
  return labels.length > 0
    ? `${target.namespace} pods ${labels.join(", ")}`
    : `all pods in ${target.namespace}`;
}

/** The probes of every check; `labelsOf` gives a namespace's labels when the cluster has it. */
export function buildCheckProbes(
  conventions: Conventions,
  labelsOf: (ns: string) => Record<string, string> = () => ({}),
): CheckProbes {
  const dnsPod = targetPod(conventions.dnsTarget, labelsOf);
  const dnsName = describeTarget(conventions.dnsTarget);
  const dns = conventions.dnsTarget.ports.flatMap((port) =>
    (["UDP", "TCP"] as const).map((protocol) => ({
      id: `dns-${port}-${protocol}`,
      label: `egress to ${dnsName} on ${port}/${protocol}`,
      direction: "egress" as const,
      remote: dnsPod,
      port: { port, protocol },
    })),
  );
  const scrape: Probe[] = [
    {
      id: "scrape",
      label: `ingress from ${describeTarget(conventions.scrapeSource)} on a TCP port`,
      direction: "ingress",
      remote: targetPod(conventions.scrapeSource, labelsOf),
      port: { anyPortOf: "TCP" },
    },
  ];
  const health: Probe[] = [
    {
      id: "health-entity",
      label: "ingress from entity health",
      direction: "ingress",
      remote: { kind: "entity", entity: "health" },
      port: { anyPortOf: "TCP" },
    },
    {
      id: "health-cidr",
      label: `ingress from ${conventions.healthProbeCidr}`,
      direction: "ingress",
      remote: { kind: "address", cidr: conventions.healthProbeCidr },
      port: { anyPortOf: "TCP" },
    },
  ];
  const ztunnel = targetPod(conventions.mesh.ztunnel, labelsOf);
  const ztunnelName = describeTarget(conventions.mesh.ztunnel);
  const hbonePort = { port: conventions.mesh.hbonePort, protocol: "TCP" as const };
  const hbone: Probe[] = [
    {
      id: "hbone-in",
      label: `ingress from ${ztunnelName} on ${hbonePort.port}/TCP`,
      direction: "ingress",
      remote: ztunnel,
      port: hbonePort,
    },
    {
      id: "hbone-out",
      label: `egress to ${ztunnelName} on ${hbonePort.port}/TCP`,
      direction: "egress",
      remote: ztunnel,
      port: hbonePort,
    },
  ];
  return { dns, scrape, health, hbone };
}

function memoized(
  memo: WeakMap<Probe, WeakMap<NormalizedPolicy, boolean>>,
  probe: Probe,
  policy: NormalizedPolicy,
  compute: () => boolean,
): boolean {
  let answers = memo.get(probe);
  if (!answers) {
    answers = new WeakMap();
    memo.set(probe, answers);
  }
  const known = answers.get(policy);
  if (known !== undefined) return known;
  const value = compute();
  answers.set(policy, value);
  return value;
}

export function policyAllowsProbe(
  policy: NormalizedPolicy,
  probe: Probe,
  memo: ProbeMemo = newProbeMemo(),
): boolean {
  return memoized(memo.allow, probe, policy, () =>
    allowRules(policy, probe.direction).some((rule) =>
      ruleMatchesProbe(rule, probe, (anyPortOf) => ruleAllowsProtocol(rule, anyPortOf)),
    ),
  );
}

export function policyDeniesProbe(
  policy: NormalizedPolicy,
  probe: Probe,
  memo: ProbeMemo = newProbeMemo(),
): boolean {
  return memoized(memo.deny, probe, policy, () =>
    denyRules(policy, probe.direction).some((rule) =>
      ruleMatchesProbe(rule, probe, () => ruleAllowsAnyPort(rule)),
    ),
  );
}

/**
 * Whether the rule reaches the probe's remote on its port. For a probe of any port of a protocol,
 * `anyPort` decides: an allow must open the protocol, a deny must close every port.
 */
function ruleMatchesProbe(
  rule: NormalizedRule,
  probe: Probe,
  anyPort: (protocol: L4Protocol) => boolean,
): boolean {
  return (
    ruleMatchesRemote(rule, probe.remote) &&
    ("anyPortOf" in probe.port
      ? anyPort(probe.port.anyPortOf)
      : ruleAllowsPort(rule, probe.port.port, probe.port.protocol))
  );
}

export function evaluatePart(
  selections: readonly NamespaceSelection[],
  probe: Probe,
  memo: ProbeMemo,
): CheckPart {
  const allowAll: PolicyRef[] = [];
  const allowSome: PolicyRef[] = [];
  const denyAll: PolicyRef[] = [];
  const denySome: PolicyRef[] = [];
  for (const { policy, coverage } of selections) {
    if (policyAllowsProbe(policy, probe, memo)) (coverage === "all" ? allowAll : allowSome).push(policy.ref);
    if (policyDeniesProbe(policy, probe, memo)) (coverage === "all" ? denyAll : denySome).push(policy.ref);
  }
  let status: PartStatus;
  if (denyAll.length > 0) status = "missing";
  else if (allowAll.length > 0) status = denySome.length > 0 ? "partial" : "present";
  else status = allowSome.length > 0 ? "partial" : "missing";
  return {
    probe: probe.id,
    label: probe.label,
    status,
    allowedBy: [...allowAll, ...allowSome],
    deniedBy: [...denyAll, ...denySome],
  };
}

function names(refs: readonly PolicyRef[]): string {
  return [...new Set(refs.map(refLabel))].join(", ");
}

/** All parts present: present; all missing: missing; otherwise partial. With a one-line why. */
export function summarizeParts(parts: readonly CheckPart[]): { status: PartStatus; message: string } {
  const statuses = new Set(parts.map((p) => p.status));
  const only = statuses.size === 1 ? [...statuses][0] : undefined;
  const status: PartStatus = only === "present" || only === "missing" ? only : "partial";
  if (status === "present")
    return { status, message: `allowed by ${names(parts.flatMap((p) => p.allowedBy))}` };
  const message = parts
    .filter((p) => p.status !== "present")
    .map((p) => {
      if (p.deniedBy.length > 0) return `${p.label}: denied by ${names(p.deniedBy)}`;
      if (p.status === "partial") return `${p.label}: only for some pods (${names(p.allowedBy)})`;
      return `${p.label}: nothing allows it`;
    })
    .join("; ");
  return { status, message };
}

export function checkFromParts(id: PlatformCheckId, required: boolean, parts: CheckPart[]): PlatformCheck {
  return { id, title: CHECK_TITLES[id], required, parts, ...summarizeParts(parts) };
}

export function inAmbientMesh(ns: NamespaceInfo, conventions: Conventions): boolean {
  return labelValue(ns.labels, conventions.mesh.dataplaneLabel) === conventions.mesh.dataplaneValue;
}

/** The four checks for one namespace; `required` only for platform namespaces. */
export function namespaceChecks(
  ns: NamespaceInfo,
  platform: boolean,
  selections: readonly NamespaceSelection[],
  probes: CheckProbes,
  conventions: Conventions,
  memo: ProbeMemo,
): PlatformCheck[] {
  const run = (id: PlatformCheckId, list: Probe[], required: boolean) =>
    checkFromParts(
      id,
      required,
      list.map((probe) => evaluatePart(selections, probe, memo)),
    );
  const checks = [
    run("dns-egress", probes.dns, platform),
    run("prometheus-scrape", probes.scrape, platform),
    run("health-probes", probes.health, platform),
  ];
  if (inAmbientMesh(ns, conventions)) checks.push(run("hbone", probes.hbone, platform));
  else {
    checks.push({
      id: "hbone",
      title: CHECK_TITLES.hbone,
      required: false,
      status: "not-applicable",
      parts: [],
      message: `not in the ambient mesh (${conventions.mesh.dataplaneLabel}=${conventions.mesh.dataplaneValue} is not set)`,
    });
  }
  return checks;
}
