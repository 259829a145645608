// The changes the conventions allow, for the connections a group of drops is about, smallest first:
// one access label on an app namespace; a profile for an app namespace, least permissive first and
// never losing what its current profile opens; for a platform namespace, rules in its hand-crafted
// CNP. The escape hatch is never a fix, and no profile goes on a platform namespace.

import { profileChoices } from "@/lib/conventions/profile-permissiveness";
import type { CnpRule, GitOpsChange } from "@/lib/gitops/change";
import type { Direction } from "@/lib/policy/model";
import type { ConnectionQuery, PodEndpoint } from "@/lib/evaluator/connection-query";
import { evaluateSides } from "@/lib/evaluator/evaluate-flow";
import { namespaceIn, type EvaluationContext } from "@/lib/evaluator/evaluation-context";
import { mergeRules, platformRuleFor, type PlatformRule } from "./platform-rules";

export type FixKind = "access-label" | "profile" | "platform-rules" | "platform-cnp";

export interface FixCandidate {
  kind: FixKind;
  changes: GitOpsChange[];
  summary: string;
  /** Smaller first: access label, then profiles from least to most permissive, then CNP rules. */
  order: number;
}

/** Metrics port of a platform CNP created without a scrape drop to learn it from. */
export const DEFAULT_METRICS_PORT = 9090;

function isPlatform(context: EvaluationContext, namespace: string): boolean {
  return context.conventions.platformNamespaces.includes(namespace);
}

function accessCandidates(context: EvaluationContext, namespace: string): FixCandidate[] {
  const { conventions } = context;
  const labels = namespaceIn(context, namespace).labels;
  return conventions.accessLabels
    .filter((access) => labels[conventions.accessLabelPrefix + access.name] !== conventions.accessLabelValue)
    .map((access, i) => {
      const key = conventions.accessLabelPrefix + access.name;
      return {
        kind: "access-label",
        changes: [
          {
            type: "set-namespace-labels",
            namespace,
            set: { [key]: conventions.accessLabelValue },
            remove: [],
          },
        ],
        summary: `Add ${key}=${conventions.accessLabelValue} to namespace ${namespace} (${access.resource} on ${access.ports.join("/")})`,
        order: i / 100,
      };
    });
}

/** Profiles that keep what the current one opens, least permissive first. */
export function profileCandidates(context: EvaluationContext, namespace: string): FixCandidate[] {
  const { conventions } = context;
  const current = namespaceIn(context, namespace).labels[conventions.profileLabel];
  return profileChoices(conventions, current ?? null).map((grant, rank) => {
    const definition = conventions.profiles.find((p) => p.name === grant.profile);
    const what = definition ? ` (ingress ${definition.ingress}; egress ${definition.egress})` : "";
    const from = current ? ` from ${current}` : "";
    return {
      kind: "profile",
      changes: [
        {
          type: "set-namespace-labels",
          namespace,
          set: { [conventions.profileLabel]: grant.profile },
          remove: [],
        },
      ],
      summary: `Switch namespace ${namespace}${from} to profile ${grant.profile}${what}`,
      order: 1 + rank / 100,
    };
  });
}

interface DeniedSide {
  subject: PodEndpoint;
  direction: Direction;
  query: ConnectionQuery;
}

function deniedSides(query: ConnectionQuery, context: EvaluationContext): DeniedSide[] {
  const sides = evaluateSides(query, context);
  const result: DeniedSide[] = [];
  if (sides.egress.reason === "no-rule-allows" && query.source.kind === "pod")
    result.push({ subject: query.source, direction: "egress", query });
  if (sides.ingress.reason === "no-rule-allows" && query.destination.kind === "pod")
    result.push({ subject: query.destination, direction: "ingress", query });
  return result;
}

/** HBONE goes both ways: add the other direction too when the namespace's policy lacks it. */
function hboneCompanion(side: DeniedSide, context: EvaluationContext): PlatformRule | null {
  const { ztunnel, hbonePort } = context.conventions.mesh;
  const peer: PodEndpoint = { kind: "pod", namespace: ztunnel.namespace, labels: ztunnel.labels };
  const reverse: ConnectionQuery =
    side.direction === "ingress"
      ? { source: side.subject, destination: peer, port: hbonePort, protocol: "TCP" }
      : { source: peer, destination: side.subject, port: hbonePort, protocol: "TCP" };
  const other: Direction = side.direction === "ingress" ? "egress" : "ingress";
  const verdicts = evaluateSides(reverse, context);
  if (verdicts[other].reason !== "no-rule-allows") return null;
  return platformRuleFor(other, peer, reverse, context.conventions);
}

function platformCandidate(
  context: EvaluationContext,
  namespace: string,
  rules: readonly PlatformRule[],
): FixCandidate {
  const { conventions } = context;
  const ingress = mergeRules(rules.filter((r) => r.direction === "ingress").map((r) => r.rule));
  const egress = mergeRules(rules.filter((r) => r.direction === "egress").map((r) => r.rule));
  const hasCnp = (context.policiesByNamespace.get(namespace) ?? []).some((p) => p.ref.kind === "CNP");
  const count = ingress.length + egress.length;
  if (hasCnp) {
    return {
      kind: "platform-rules",
      changes: [
        {
          type: "add-cnp-rules",
          namespace,
          ...(ingress.length > 0 ? { ingress } : {}),
          ...(egress.length > 0 ? { egress } : {}),
        },
      ],
      summary: `Add ${count === 1 ? "a rule" : `${count} rules`} to the platform CNP of ${namespace}: ${rules
        .map((r) => r.rule.comment ?? r.kind)
        .filter((c, i, all) => all.indexOf(c) === i)
        .join(", ")}`,
      order: 2,
    };
  }
  // A new platform CNP carries the template's DNS, health, scrape and HBONE rules already.
  const scrape = rules.find((r) => r.kind === "scrape");
  const metricsPort = scrape?.rule.ports?.[0]?.port ?? DEFAULT_METRICS_PORT;
  const ambient =
    namespaceIn(context, namespace).labels[conventions.mesh.dataplaneLabel] ===
    conventions.mesh.dataplaneValue;
  const templated = (r: PlatformRule) =>
    r.kind === "dns" || r.kind === "health" || r.kind === "scrape" || (r.kind === "hbone" && ambient);
  const extra = (direction: Direction): CnpRule[] =>
    mergeRules(rules.filter((r) => r.direction === direction && !templated(r)).map((r) => r.rule));
  const extraIngress = extra("ingress");
  const extraEgress = extra("egress");
  const extraRules = {
    ...(extraIngress.length > 0 ? { ingress: extraIngress } : {}),
    ...(extraEgress.length > 0 ? { egress: extraEgress } : {}),
  };
  const hasExtra = extraIngress.length + extraEgress.length > 0;
  return {
    kind: "platform-cnp",
    changes: [
      {
        type: "add-platform-cnp",
        namespace,
        description: `${namespace}: platform namespace`,
        metricsPort,
        ambient: ambient || rules.some((r) => r.kind === "hbone"),
        ...(hasExtra ? { extraRules } : {}),
      },
    ],
    summary: `Create the platform CNP of ${namespace} from the template${scrape ? "" : ` (metrics port ${metricsPort} assumed)`}${
      hasExtra ? ", with rules for the dropped traffic" : ""
    }`,
    order: 3,
  };
}

/** Every candidate change for the connections, smallest first, without duplicates. */
export function fixCandidates(
  targets: readonly ConnectionQuery[],
  context: EvaluationContext,
): FixCandidate[] {
  const candidates: FixCandidate[] = [];
  const labelled = new Set<string>();
  const profiled = new Set<string>();
  const platformRules = new Map<string, PlatformRule[]>();
  for (const query of targets) {
    for (const side of deniedSides(query, context)) {
      const namespace = side.subject.namespace;
      const peer = side.direction === "egress" ? query.destination : query.source;
      if (isPlatform(context, namespace)) {
        const rule = platformRuleFor(side.direction, peer, query, context.conventions);
        if (!rule) continue;
        const list = platformRules.get(namespace) ?? [];
        list.push(rule);
        if (rule.kind === "hbone") {
          const companion = hboneCompanion(side, context);
          if (companion) list.push(companion);
        }
        platformRules.set(namespace, list);
      } else if (context.namespaces.has(namespace) && !profiled.has(namespace)) {
        profiled.add(namespace);
        candidates.push(...profileCandidates(context, namespace));
      }
      // Access labels go on the app side of the connection, whichever side dropped it.
      for (const pod of [query.source, query.destination]) {
        if (pod.kind !== "pod" || isPlatform(context, pod.namespace) || labelled.has(pod.namespace)) continue;
        // Labels go in the namespaces file: a namespace the cluster does not have is not there.
        if (!context.namespaces.has(pod.namespace)) continue;
        labelled.add(pod.namespace);
        candidates.push(...accessCandidates(context, pod.namespace));
      }
    }
  }
  for (const [namespace, rules] of platformRules)
    candidates.push(platformCandidate(context, namespace, rules));
  const seen = new Set<string>();
  return candidates
    .filter((c) => {
      const key = JSON.stringify(c.changes);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.order - b.order);
}
