import type { AccessLabelDefinition, Conventions } from "@/lib/conventions/conventions";
import {
  profileChoices,
  profilesLeastPermissiveFirst,
  type ProfileNeed,
} from "@/lib/conventions/profile-permissiveness";
import type { FixProposal } from "@/lib/fixes/fix-proposal";
import type { Flow, FlowPeer } from "@/lib/flows/flow";
import type { GitOpsChange } from "@/lib/gitops/change";
import {
  observeCommand,
  observeFlags,
  observeJsonCommand,
  observeSelectionOfFlow,
  observeSinceOfWindow,
} from "@/lib/hubble/observe-command";
import { DEFAULT_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";
import { labelValue } from "@/lib/policy/selector";
import { namespaceFacts, type ClusterFacts, type NamespaceFacts } from "./cluster-facts";
import {
  buildDropRules,
  describePeerConvention,
  DROP_CLASSES,
  fillTemplate,
  type DropClassKey,
  type DropRowId,
  type DropRule,
} from "./drop-classes";
import {
  explainDropReason,
  isPolicyDropReason,
  isUnreportedDropReason,
  type DropSeverity,
} from "./drop-reasons";
import { connectionOf, matchesRule, sidesOf, type DropConnection } from "./drop-rule-match";
import { unknownCauseClassification } from "./unknown-cause";
import { alternativesText, wordProposal } from "./worded-proposal";

export interface DropClassification {
  /** Stable id of the class, e.g. "access-label-missing/postgres" or "not-a-policy-drop/CT_MAP_INSERTION_FAILED". */
  classId: string;
  title: string;
  cause: string;
  /**
   * What to do about it. Worded from the evaluator's proposal when the classification was given one
   * (so the drops view, the edge panel and the Fix panel say the same), else from the drop table.
   */
  fix: string;
  /** False when the datapath dropped it for a reason no policy change fixes. */
  policyDrop: boolean;
  severity: DropSeverity;
  /** The namespace whose configuration the fix changes (or where it was dropped); null outside namespaces. */
  namespace: string | null;
  /** Drops with the same key share a cause and a fix: (namespace, class). */
  groupKey: string;
  /** The drop-table row that matched, if any. */
  row: DropRowId | null;
  /** The first change of the evaluator's proposal the fix was worded from; null without one. */
  change: GitOpsChange | null;
  /** Commands that show the evidence, from the runbook's debug sequence. */
  commands: string[];
  /** What classification looked at, one observation per line. */
  details: string[];
}

export function dropGroupKey(namespace: string | null, classId: string): string {
  return `${namespace ?? ""}|${classId}`;
}

const rulesByConventions = new WeakMap<Conventions, DropRule[]>();

function rulesFor(conventions: Conventions): DropRule[] {
  let rules = rulesByConventions.get(conventions);
  if (!rules) {
    rules = buildDropRules(conventions);
    rulesByConventions.set(conventions, rules);
  }
  return rules;
}

/** Which class, before its texts are filled in. */
interface Outcome {
  key: DropClassKey;
  /** Suffix of the class id (the access label's name, the drop reason). */
  variant?: string;
  severity?: DropSeverity;
}

interface Context {
  flow: Flow;
  proposal: FixProposal | null;
  facts: ClusterFacts;
  conventions: Conventions;
  connection: DropConnection;
  params: Record<string, string>;
  details: string[];
  commands: string[];
  /** The view's window, which the printed hubble commands cover (`--since`). */
  windowMs: number;
}

/**
 * Classifies a dropped (or audited) flow against the drop table, then looks at the cluster as it
 * is: a drop the table blames on a missing label, when the label is there, is another problem
 * and says so. Given the evaluator's proposal for the drops this one stands for (lib/fixes), the
 * fix is worded from it; without one, from the table. The evidence commands look back over
 * `windowMs`, the window of the view that shows the drop (every route passes its own; the default
 * serves tests and benchmarks, which print nothing).
 */
export function classifyDrop(
  flow: Flow,
  facts: ClusterFacts,
  conventions: Conventions,
  proposal: FixProposal | null = null,
  windowMs: number = DEFAULT_GRAPH_WINDOW_MS,
): DropClassification {
  const connection = connectionOf(flow);
  const droppedAt = droppedAtPeer(flow);
  const ctx: Context = {
    flow,
    proposal,
    facts,
    conventions,
    connection,
    params: baseParams(flow, connection, conventions),
    details: [],
    commands: [],
    windowMs,
  };

  if (flow.verdict !== "DROPPED" && flow.verdict !== "AUDIT") {
    return finish(ctx, { key: "not-dropped" }, droppedAt?.namespace ?? null, null, false);
  }
  if (flow.verdict === "AUDIT")
    ctx.details.push("Audit mode: the flow was let through, but policy would have dropped it.");
  ctx.details.push(dropSideDetail(flow, droppedAt));
  addObserveCommands(ctx);
  if (droppedAt) ctx.params.dropSide = `the ${flow.direction} of ${describeFlowPeer(droppedAt)}`;

  const reason = flow.dropReason;
  if (isUnreportedDropReason(reason)) {
    ctx.details.push("Hubble reported no drop reason; classified as a policy drop.");
  } else {
    ctx.details.push(`Drop reason: ${reason}.`);
  }
  if (reason !== null && !isUnreportedDropReason(reason) && !isPolicyDropReason(reason)) {
    const explanation = explainDropReason(reason);
    ctx.params.reason = reason;
    ctx.params.meaning = explanation.meaning;
    ctx.params.check = explanation.check;
    const namespace = droppedAt?.namespace ?? flow.source.namespace ?? flow.destination.namespace;
    return finish(
      ctx,
      { key: "not-a-policy-drop", variant: reason, severity: explanation.severity },
      namespace,
      null,
      false,
    );
  }

  const rule = rulesFor(conventions).find((candidate) => matchesRule(candidate, connection)) ?? null;
  if (facts.unknown) {
    addPolicyCommands(ctx, droppedAt?.namespace ?? null);
    const where = droppedAt?.namespace ?? flow.source.namespace ?? flow.destination.namespace;
    return unknownCauseClassification(where, facts.unknown, ctx.details, ctx.commands);
  }
  const sides = rule
    ? { ...sidesOf(rule, connection), orientation: rule.orientation }
    : fallbackSides(flow, droppedAt);
  const subject = sides.subject.namespace;
  ctx.params.subject = describeFlowPeer(sides.subject);
  ctx.params.traffic = describeTraffic(sides.orientation, sides.peer, connection);
  const subjectFacts = subject === null ? null : namespaceFacts(subject, facts, conventions);
  if (subjectFacts) describeSubject(ctx, subjectFacts);
  addPolicyCommands(ctx, subject);

  if (reason === "AUTH_REQUIRED") return finish(ctx, { key: "auth-required" }, subject, rule, true);

  const deniedBy = [...flow.policies.egressDeniedBy, ...flow.policies.ingressDeniedBy];
  if (deniedBy.length > 0) {
    ctx.params.policies = deniedBy.join(", ");
    return finish(ctx, { key: "denied-by-deny-rule" }, droppedAt?.namespace ?? subject, rule, true);
  }

  if (!rule && flow.direction === "unknown") return finish(ctx, sideUnknown(ctx), subject, rule, true);

  // A platform namespace is known by the conventions; any other needs its labels to be judged.
  if (subjectFacts && !subjectFacts.known && !subjectFacts.platform)
    return finish(ctx, { key: "unknown-namespace" }, subject, rule, true);

  if (subjectFacts?.enforcementDisabled) {
    ctx.params.enforcementLabel = conventions.enforcementLabel;
    ctx.params.enforcementValue = conventions.enforcementDisabledValue;
    if (droppedAt?.namespace === subject)
      return finish(ctx, { key: "escape-hatch-not-effective" }, subject, rule, true);
    ctx.details.push(
      `Enforcement is disabled in ${subject}, but the drop happened on the other side, which ${subject}'s escape hatch does not open.`,
    );
  }

  const verdict =
    rule && subjectFacts ? classifyRow(ctx, rule, subjectFacts, sides.peer) : fallback(ctx, subjectFacts);
  return finish(ctx, verdict, subject, rule, true);
}

function classifyRow(ctx: Context, rule: DropRule, subject: NamespaceFacts, peer: FlowPeer): Outcome {
  switch (rule.row) {
    case "dns":
      if (subject.platform)
        return platformVerdict(subject, "dnsEgress", "dns-denied-despite-baseline", "platform-cnp-lacks-dns");
      return { key: ctx.facts.dnsBaselinePresent ? "dns-denied-despite-baseline" : "dns-baseline-missing" };
    case "hbone-egress":
    case "hbone-ingress":
      if (!subject.inAmbientMesh) {
        ctx.details.push(
          `${subject.name} is not labelled ${ctx.conventions.mesh.dataplaneLabel}=${ctx.conventions.mesh.dataplaneValue}, yet its traffic goes through ztunnel.`,
        );
      }
      if (subject.platform)
        return platformVerdict(subject, "hbone", "hbone-denied-despite-rules", "platform-cnp-lacks-hbone");
      return { key: "hbone-not-allowed" };
    case "access-label":
      return accessLabelVerdict(ctx, rule.accessLabel!, subject);
    case "access-target-elsewhere":
      return elsewhereVerdict(ctx, rule.accessLabel!, subject, peer);
    case "world-https":
    case "world-other":
      return worldVerdict(ctx, rule, subject);
    case "gateway-ingress":
      return gatewayVerdict(ctx, subject, peer);
    case "scrape":
      if (subject.platform) {
        if (subject.platformPolicy === null) return { key: "platform-cnp-missing" };
        return { key: "platform-cnp-lacks-scrape" };
      }
      return {
        key: ctx.facts.scrapeBaselinePresent ? "scrape-denied-despite-baseline" : "scrape-baseline-missing",
      };
    case "health":
      if (subject.platform) {
        return platformVerdict(
          subject,
          "healthIngress",
          "health-denied-despite-baseline",
          "platform-cnp-lacks-health",
        );
      }
      return {
        key: ctx.facts.healthBaselinePresent ? "health-denied-despite-baseline" : "health-baseline-missing",
      };
  }
}

function platformVerdict(
  subject: NamespaceFacts,
  has: "dnsEgress" | "hbone" | "healthIngress",
  whenPresent: DropClassKey,
  whenLacking: DropClassKey,
): Outcome {
  if (subject.platformPolicy === null) return { key: "platform-cnp-missing" };
  if (subject.platformPolicy?.[has] === true) return { key: whenPresent };
  return { key: whenLacking };
}

function accessLabelVerdict(ctx: Context, access: AccessLabelDefinition, subject: NamespaceFacts): Outcome {
  const { conventions } = ctx;
  const key = conventions.accessLabelPrefix + access.name;
  setAccessParams(ctx, access);
  const value = labelValue(subject.labels, key);
  if (value === undefined) return { key: "access-label-missing", variant: access.name };
  if (value !== conventions.accessLabelValue) {
    ctx.params.actualValue = value;
    return { key: "access-label-malformed", variant: access.name };
  }
  return { key: "access-denied-despite-label", variant: access.name };
}

function elsewhereVerdict(
  ctx: Context,
  access: AccessLabelDefinition,
  subject: NamespaceFacts,
  peer: FlowPeer,
): Outcome {
  setAccessParams(ctx, access);
  ctx.params.peerNamespace = peer.namespace ?? "?";
  const key = ctx.conventions.accessLabelPrefix + access.name;
  if (labelValue(subject.labels, key) === ctx.conventions.accessLabelValue) {
    ctx.details.push(
      `${subject.name} has the ${access.name} access label, but it only opens ${access.target}.`,
    );
  }
  return { key: "access-target-elsewhere", variant: access.name };
}

function worldVerdict(ctx: Context, rule: DropRule, subject: NamespaceFacts): Outcome {
  const port = ctx.connection.port;
  if (subject.platform) return platformOtherVerdict(subject);
  if (port !== null && subject.grant?.worldEgressPorts.includes(port))
    return { key: "world-denied-despite-profile" };
  if (rule.row === "world-other" || port === null) return { key: "world-port-not-allowed" };
  return suggestProfile(ctx, subject, { worldPort: port })
    ? { key: "world-https-not-allowed" }
    : { key: "world-port-not-allowed" };
}

function gatewayVerdict(ctx: Context, subject: NamespaceFacts, peer: FlowPeer): Outcome {
  const { gateway } = ctx.conventions;
  if (subject.platform) return platformOtherVerdict(subject);
  const named = peer.labels[gateway.nameLabel] ?? null;
  if (named === null) {
    ctx.details.push(
      `The source pod has no ${gateway.nameLabel} label; assuming the ${gateway.internalName} gateway.`,
    );
  }
  const name = named ?? gateway.internalName;
  ctx.params.gatewayName = name;
  ctx.params.internalGateway = gateway.internalName;
  if (subject.grant?.gatewayIngress.includes(name)) return { key: "gateway-denied-despite-profile" };
  if (!suggestProfile(ctx, subject, { gateway: name })) return fallback(ctx, subject);
  const internalOnly = subject.grant?.gatewayIngress.includes(gateway.internalName) ?? false;
  if (name === gateway.externalName && internalOnly) return { key: "external-gateway-not-allowed" };
  return { key: "gateway-ingress-not-allowed" };
}

function platformOtherVerdict(subject: NamespaceFacts): Outcome {
  if (subject.platformPolicy === null) return { key: "platform-cnp-missing" };
  return { key: "platform-cnp-lacks-rule" };
}

/**
 * Without a direction and without a row of the table, which side dropped it is unknown: say so,
 * in words that name both sides, instead of blaming one side's egress or ingress.
 */
function sideUnknown(ctx: Context): Outcome {
  const { initiator, responder } = ctx.connection;
  ctx.params.initiator = describeFlowPeer(initiator);
  ctx.params.responder = describeFlowPeer(responder);
  ctx.params.initiatorNamespace = initiator.namespace ?? "(not a namespace)";
  ctx.params.responderNamespace = responder.namespace ?? "(not a namespace)";
  const port =
    ctx.connection.port === null ? "" : ` on ${ctx.connection.protocol ?? "IP"} ${ctx.connection.port}`;
  ctx.params.connectionText = `${ctx.params.initiator} → ${ctx.params.responder}${port}`;
  ctx.params.traffic = ctx.params.connectionText;
  return { key: "policy-denied-side-unknown" };
}

function fallback(ctx: Context, subject: NamespaceFacts | null): Outcome {
  if (!subject) return { key: "policy-denied" };
  if (subject.platform) return platformOtherVerdict(subject);
  const inbound = ctx.connection.responder.namespace === subject.name && ctx.flow.direction === "ingress";
  if (inbound && subject.profile === null) return { key: "namespace-without-profile" };
  return { key: "policy-denied" };
}

/**
 * Words the drop table's own choice, for when no proposal of the evaluator is at hand: the least
 * permissive profile that opens what the drop needs and keeps what the namespace's current profile
 * opens (the rule the fix proposal follows too); the others are named as alternatives. False when
 * no profile does.
 */
function suggestProfile(ctx: Context, subject: NamespaceFacts, need: ProfileNeed): boolean {
  const [best, ...others] = profileChoices(ctx.conventions, subject.profile, need);
  if (best === undefined) return false;
  ctx.params.suggestedProfile = best.profile;
  ctx.params.alternatives = alternativesText(
    ctx.conventions,
    others.map((g) => g.profile),
  );
  return true;
}

function setAccessParams(ctx: Context, access: AccessLabelDefinition): void {
  ctx.params.accessName = access.name;
  ctx.params.resource = access.resource;
  ctx.params.target = access.target;
  ctx.params.ports = access.ports.join("/");
  ctx.params.labelKey = ctx.conventions.accessLabelPrefix + access.name;
  ctx.params.labelValue = ctx.conventions.accessLabelValue;
}

function finish(
  ctx: Context,
  verdict: Outcome,
  namespace: string | null,
  rule: DropRule | null,
  policyDrop: boolean,
): DropClassification {
  const text = DROP_CLASSES[verdict.key];
  const params = { ...ctx.params, namespace: namespace ?? ctx.params.subject ?? "the peer" };
  const classId = verdict.variant ? `${verdict.key}/${verdict.variant}` : verdict.key;
  const decided =
    policyDrop && ctx.proposal ? wordProposal(verdict.key, params, ctx.proposal, ctx.conventions) : null;
  return {
    classId,
    title: fillTemplate(text.title, params),
    cause: fillTemplate(text.cause, params),
    fix: decided?.fix ?? fillTemplate(text.fix, params),
    policyDrop,
    severity: verdict.severity ?? text.severity,
    namespace,
    groupKey: dropGroupKey(namespace, classId),
    row: rule?.row ?? null,
    change: decided?.change ?? null,
    commands: ctx.commands,
    details: ctx.details,
  };
}

function baseParams(
  flow: Flow,
  connection: DropConnection,
  conventions: Conventions,
): Record<string, string> {
  const { mesh, dnsTarget, scrapeSource, gateway } = conventions;
  const profileNames = profilesLeastPermissiveFirst(conventions);
  return {
    verdict: flow.verdict,
    peer: describeFlowPeer(connection.responder),
    port: connection.port === null ? "(none)" : String(connection.port),
    protocol: connection.protocol ?? "IP",
    dnsTarget: describePeerConvention(dnsTarget),
    dnsPorts: dnsTarget.ports.join("/"),
    hbonePort: String(mesh.hbonePort),
    ztunnel: describePeerConvention(mesh.ztunnel),
    scrapeSource: describePeerConvention(scrapeSource),
    gatewayNamespace: gateway.namespace,
    healthCidr: conventions.healthProbeCidr,
    profileLabel: conventions.profileLabel,
    profiles: profileNames.join(", "),
    dropSide: "an unknown point",
  };
}

function describeSubject(ctx: Context, subject: NamespaceFacts): void {
  const { conventions, params } = ctx;
  params.profile = subject.profile ?? "(none)";
  params.profileNote =
    subject.profile === null
      ? "A namespace without a profile"
      : subject.grant
        ? `Profile ${subject.profile}`
        : `Profile "${subject.profile}" (not one the conventions know)`;
  // What the profile opens, as generated from its policy's rules.
  const definition = conventions.profiles.find((p) => p.name === subject.profile);
  params.profileEgress = definition?.egress ?? "none";
  params.profileIngress = definition?.ingress ?? "none";
  if (!subject.known) {
    ctx.details.push(`Sieve has no labels for namespace ${subject.name} (deleted, or not synced yet).`);
    return;
  }
  const access = conventions.accessLabels
    .filter(
      (a) =>
        labelValue(subject.labels, conventions.accessLabelPrefix + a.name) === conventions.accessLabelValue,
    )
    .map((a) => a.name);
  const kind = subject.platform ? "platform namespace" : `profile ${subject.profile ?? "(none)"}`;
  ctx.details.push(
    `${subject.name}: ${kind}; access labels: ${access.length > 0 ? access.join(", ") : "none"}.`,
  );
}

/** The drop's own flows, named as the hubble CLI selects them (lib/hubble/observe-command). */
function addObserveCommands(ctx: Context): void {
  const flags = observeFlags(observeSelectionOfFlow(ctx.flow));
  const range = { since: observeSinceOfWindow(ctx.windowMs) };
  ctx.commands.push(observeCommand(flags, range), observeJsonCommand(flags, range));
}

function addPolicyCommands(ctx: Context, subject: string | null): void {
  if (subject === null) return;
  ctx.commands.push(
    `kubectl get cnp,netpol -n ${subject}`,
    "kubectl get ccnp | grep -E 'baseline|profile'",
    `kubectl get namespace ${subject} --show-labels`,
  );
}

function droppedAtPeer(flow: Flow): FlowPeer | null {
  if (flow.direction === "egress") return flow.source;
  if (flow.direction === "ingress") return flow.destination;
  return null;
}

function dropSideDetail(flow: Flow, droppedAt: FlowPeer | null): string {
  if (!droppedAt) return "Hubble did not say at which side it was dropped.";
  return `Dropped at the ${flow.direction} of ${describeFlowPeer(droppedAt)}.`;
}

function fallbackSides(
  flow: Flow,
  droppedAt: FlowPeer | null,
): { subject: FlowPeer; peer: FlowPeer; orientation: "outbound" | "inbound" } {
  const connection = connectionOf(flow);
  // Without a row, the fix belongs to the side whose policy dropped it.
  if (droppedAt === connection.responder || (droppedAt === null && connection.initiator.namespace === null)) {
    return { subject: connection.responder, peer: connection.initiator, orientation: "inbound" };
  }
  return { subject: connection.initiator, peer: connection.responder, orientation: "outbound" };
}

function describeTraffic(
  orientation: "outbound" | "inbound",
  peer: FlowPeer,
  connection: DropConnection,
): string {
  const port = connection.port === null ? "" : ` on ${connection.protocol ?? "IP"} ${connection.port}`;
  return `${orientation === "outbound" ? "egress to" : "ingress from"} ${describeFlowPeer(peer)}${port}`;
}

export function describeFlowPeer(peer: FlowPeer): string {
  if (peer.namespace !== null) return `${peer.namespace}/${peer.pod ?? peer.workload ?? "?"}`;
  if (peer.reserved === "world") return `world (${peer.dnsNames[0] ?? peer.ip ?? "?"})`;
  return peer.reserved ?? peer.ip ?? "an unknown peer";
}
