// The title and description of the pull request Sieve proposes: what changes, which drops it
// fixes (with the evaluator's proof) and, while the escape hatch is open, the runbook's remaining
// steps. Every value from the cluster is escaped; commands are quoted for the shell.

import { DEFAULT_CONVENTIONS, type Conventions } from "@/lib/conventions/conventions";
import { observeCommand } from "@/lib/hubble/observe-command";
import type { GitOpsChange } from "./change";
import { mdCode, mdText, shellWord } from "./markdown";
import { oneLine } from "./one-line";

export interface DropSample {
  direction: "ingress" | "egress";
  /** e.g. `paperless/paperless-web-5d9f` or `world` */
  source: string;
  destination: string;
  port?: number;
  protocol?: string;
  count: number;
}

/** What the policy evaluator proved about the change. */
export interface PullRequestProof {
  /** Observed drops the change would let through. */
  fixes: number;
  /** Drops observed in the window the proof looked at. */
  observed: number;
  /** What else the change opens, one line each, e.g. "egress from paperless to database:5432". */
  alsoOpens?: string[];
}

export interface PullRequestContext {
  changes: readonly GitOpsChange[];
  samples?: readonly DropSample[];
  proof?: PullRequestProof;
  /** Namespaces whose enforcement is disabled right now (the escape hatch is open). */
  enforcementDisabled?: readonly string[];
  /** Of those, namespaces whose enforcement label was set by hand (not by the GitOps tool). */
  enforcementSetByHand?: readonly string[];
  /** The change fixes what re-enabling enforcement would drop: the samples are flows it keeps working. */
  reenable?: boolean;
  /** Files the PR touches, listed at the end. */
  files?: ReadonlyArray<{ path: string; kind: "create" | "edit" }>;
  /** The render proof: what rendering the repository before and after shows, and with what. */
  render?: { lines: readonly string[]; renderer: string };
}

export type PrTextConventions = Pick<
  Conventions,
  "enforcementLabel" | "escapeHatchRunbook" | "accessLabelPrefix" | "profileLabel"
>;

const MAX_SAMPLES = 10;

function labelPhrases(
  change: Extract<GitOpsChange, { type: "set-namespace-labels" }>,
  c: PrTextConventions,
): string[] {
  const phrases: string[] = [];
  const access: string[] = [];
  for (const [key, value] of Object.entries(change.set)) {
    if (key.startsWith(c.accessLabelPrefix) && value === "true")
      access.push(key.slice(c.accessLabelPrefix.length));
    else if (key === c.profileLabel) phrases.push(`use profile ${value}`);
    else phrases.push(`set ${key}=${value}`);
  }
  if (access.length > 0) phrases.unshift(`allow ${access.join(", ")}`);
  for (const key of change.remove) {
    if (key === c.enforcementLabel) phrases.push("re-enable enforcement");
    else if (key.startsWith(c.accessLabelPrefix))
      phrases.push(`drop ${key.slice(c.accessLabelPrefix.length)} access`);
    else phrases.push(`remove ${key}`);
  }
  return phrases;
}

function titlePhrase(change: GitOpsChange, c: PrTextConventions): string {
  switch (change.type) {
    case "set-namespace-labels":
      return labelPhrases(change, c).join(", ") || "update labels";
    case "add-platform-cnp":
      return "add platform CiliumNetworkPolicy";
    case "add-cnp-rules": {
      const count = (change.ingress?.length ?? 0) + (change.egress?.length ?? 0);
      return `add ${count} CiliumNetworkPolicy rule${count === 1 ? "" : "s"}`;
    }
  }
}

/** e.g. `network-policy(paperless): allow postgres, use profile standard`. */
export function pullRequestTitle(
  changes: readonly GitOpsChange[],
  conventions: PrTextConventions = DEFAULT_CONVENTIONS,
): string {
  const byNamespace = new Map<string, string[]>();
  for (const change of changes) {
    const phrases = byNamespace.get(change.namespace) ?? [];
    phrases.push(titlePhrase(change, conventions));
    byNamespace.set(change.namespace, phrases);
  }
  const parts = [...byNamespace].map(
    ([namespace, phrases]) => `network-policy(${namespace}): ${phrases.join(", ")}`,
  );
  return oneLine(parts.join("; ")).trim() || "network-policy: update";
}

function changeLines(change: GitOpsChange, c: PrTextConventions): string[] {
  const ns = mdCode(change.namespace);
  switch (change.type) {
    case "set-namespace-labels":
      return [
        ...Object.entries(change.set).map(
          ([key, value]) => `- Namespace ${ns}: set label ${mdCode(key)} to ${mdCode(`"${value}"`)}`,
        ),
        ...change.remove.map((key) =>
          key === c.enforcementLabel
            ? `- Namespace ${ns}: remove ${mdCode(key)} (re-enables enforcement)`
            : `- Namespace ${ns}: remove label ${mdCode(key)}`,
        ),
      ];
    case "add-platform-cnp":
      return [
        `- New platform CiliumNetworkPolicy ${mdCode(`${change.namespace}-default`)} in ${ns}: health probes, ` +
          `Prometheus scrape on port ${change.metricsPort}, DNS${change.ambient ? ", HBONE (ambient mesh)" : ""}` +
          `${change.extraRules ? ", and the namespace's own rules" : ""}; listed in the folder's kustomization.yaml`,
      ];
    case "add-cnp-rules":
      return [
        ...(change.ingress ?? []).map(
          (rule) => `- ${ns}: add ingress rule${rule.comment ? ` (${mdText(rule.comment)})` : ""}`,
        ),
        ...(change.egress ?? []).map(
          (rule) => `- ${ns}: add egress rule${rule.comment ? ` (${mdText(rule.comment)})` : ""}`,
        ),
      ];
  }
}

function renderSection(context: PullRequestContext): string[] {
  const { render } = context;
  if (!render) return [];
  return [
    "",
    "### Rendered before and after",
    "",
    `The repository was rendered as its GitOps tool renders it (${mdCode(render.renderer)}), before and after this change:`,
    "",
    // Code spans: the lines hold label keys and values, which Markdown escaping would litter with backslashes.
    ...render.lines.map((line) => `- ${mdCode(line)}`),
  ];
}

function dropsSection(context: PullRequestContext): string[] {
  const { proof, samples = [] } = context;
  if (!proof && samples.length === 0) return [];
  const lines = [
    "",
    context.reenable ? "### Flows this keeps working once enforcement is re-enabled" : "### Drops this fixes",
    "",
  ];
  if (proof && context.reenable) {
    lines.push(
      `Evaluated with enforcement re-enabled, it lets through **${proof.fixes} of ${proof.observed}** observed flows that would otherwise be dropped.`,
    );
  } else if (proof) {
    const share = proof.observed > 0 ? ` (${Math.round((100 * proof.fixes) / proof.observed)}%)` : "";
    lines.push(`Fixes **${proof.fixes} of ${proof.observed}** observed drops${share}.`);
  }
  if (samples.length > 0) {
    lines.push("", "| direction | from | to | port | flows |", "|---|---|---|---|---|");
    for (const sample of samples.slice(0, MAX_SAMPLES)) {
      const port =
        sample.port !== undefined ? `${sample.port}${sample.protocol ? `/${sample.protocol}` : ""}` : "";
      lines.push(
        `| ${sample.direction} | ${mdCode(sample.source, true)} | ${mdCode(sample.destination, true)} | ${mdText(port)} | ${sample.count} |`,
      );
    }
    if (samples.length > MAX_SAMPLES) lines.push("", `…and ${samples.length - MAX_SAMPLES} more flows.`);
  }
  if (proof?.alsoOpens?.length) {
    lines.push("", "It also opens:", ...proof.alsoOpens.map((item) => `- ${mdText(item)}`));
  } else if (proof) {
    lines.push("", "It opens nothing beyond these flows.");
  }
  return lines;
}

function escapeHatchSection(
  namespace: string,
  changes: readonly GitOpsChange[],
  c: PrTextConventions,
  byHand: boolean | undefined,
): string[] {
  const word = shellWord(namespace);
  const removedInGit = changes.some(
    (change) =>
      change.type === "set-namespace-labels" &&
      change.namespace === namespace &&
      change.remove.includes(c.enforcementLabel),
  );
  const reenable = mdCode(`kubectl label namespace ${word} ${c.enforcementLabel}-`);
  return [
    "",
    `### Enforcement is disabled on ${mdCode(namespace)}`,
    "",
    `The escape hatch is open. Remaining steps of the runbook (${mdCode(c.escapeHatchRunbook)}):`,
    "",
    `1. Verify traffic flows: ${mdCode(observeCommand([{ name: "namespace", value: namespace }], { since: "1m" }))}`,
    "2. Fix the policy via GitOps: review and merge this pull request, then wait for the reconciliation.",
    !removedInGit
      ? `3. Re-enable enforcement: ${reenable}`
      : byHand === undefined
        ? `3. Re-enable enforcement: this change removes the label from git; if it was set with kubectl, also run ${reenable}`
        : byHand
          ? `3. Re-enable enforcement: this change removes the label from git, but it was set by hand (kubectl), which git does not undo: after merging, run ${reenable}`
          : "3. Re-enable enforcement: this change removes the label from git, which set it; the GitOps tool removes it from the cluster on reconciliation.",
  ];
}

/** The pull request description, in Markdown. */
export function pullRequestBody(
  context: PullRequestContext,
  conventions: PrTextConventions = DEFAULT_CONVENTIONS,
): string {
  const lines = [
    "Proposed by Sieve from dropped flows observed by Hubble. Nothing was applied to the cluster.",
    "",
    "### Changes",
    "",
    ...context.changes.flatMap((change) => changeLines(change, conventions)),
    ...renderSection(context),
    ...dropsSection(context),
  ];
  for (const namespace of new Set(context.enforcementDisabled ?? [])) {
    const byHand = context.enforcementSetByHand?.includes(namespace);
    lines.push(
      ...escapeHatchSection(
        namespace,
        context.changes,
        conventions,
        context.enforcementSetByHand === undefined ? undefined : byHand,
      ),
    );
  }
  if (context.files?.length) {
    lines.push(
      "",
      "### Files",
      "",
      ...context.files.map((file) => `- ${mdCode(file.path)} (${file.kind === "create" ? "new" : "edited"})`),
    );
  }
  return lines.join("\n") + "\n";
}
