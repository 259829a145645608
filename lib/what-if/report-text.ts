// The what-if report as text for a terminal or a CI log: what the branch changes, the flows it
// newly drops and allows (each with the evaluator's sentence), and the posture changes.

import type { WhatIfResponse } from "@/lib/api/responses";
import type { BranchObjectChange } from "./branch-cluster";
import type { FlowChangeGroup } from "./what-if";

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

function objectLine(change: BranchObjectChange): string {
  const name = change.namespace ? `${change.namespace}/${change.name}` : change.name;
  const labels = change.labels.length > 0 ? `: ${change.labels.join(", ")}` : "";
  return `  ${change.kind} ${name} ${change.change}${labels}`;
}

function groupLines(groups: readonly FlowChangeGroup[]): string[] {
  return groups.flatMap((group) => [
    `  ${plural(group.flows, "flow")} (${plural(group.connections, "connection")}): ${group.sentence}`,
    ...group.examples.map((example) => `    e.g. ${example}`),
  ]);
}

function minutes(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/** A few screens of text at most: groups are listed whole, examples are already capped. */
export function whatIfText(response: WhatIfResponse): string {
  const { report } = response;
  const lines: string[] = [
    `What-if for ${response.ref} (${response.commit.slice(0, 12)}) against ${response.baseBranch}`,
  ];
  lines.push(
    report.window === null
      ? `No traffic observed over the last ${minutes(response.windowMs)}: cannot judge what the branch does to flows.`
      : `Judged on ${plural(report.flowsEvaluated, "observed flow")} (${plural(report.connectionsEvaluated, "connection")}) over ${minutes(report.window.to - report.window.from)}.`,
  );
  lines.push("");
  if (report.objects.length === 0) lines.push("The branch changes no policy and no namespace label.");
  else lines.push("The branch changes:", ...report.objects.map(objectLine));
  if (report.problems.length > 0)
    lines.push("", "Render problems the branch adds:", ...report.problems.map((p) => `  ${p}`));
  lines.push("");
  if (report.newlyDropped.length === 0) lines.push("Newly dropped: none.");
  else
    lines.push(
      `Newly dropped: ${plural(report.newlyDroppedFlows, "flow")} of ${plural(report.newlyDropped.length, "kind")}`,
      ...groupLines(report.newlyDropped),
    );
  if (report.newlyAllowed.length === 0) lines.push("Newly allowed: none.");
  else
    lines.push(
      `Newly allowed: ${plural(report.newlyAllowedFlows, "flow")} of ${plural(report.newlyAllowed.length, "kind")}`,
      ...groupLines(report.newlyAllowed),
    );
  if (report.posture.length === 0) lines.push("Posture: no namespace changes.");
  else {
    lines.push(`Posture: ${plural(report.posture.length, "namespace")} change`);
    for (const ns of report.posture) {
      lines.push(`  ${ns.namespace}${ns.change === "changed" ? "" : ` (${ns.change})`}`);
      lines.push(...ns.changes.map((c) => `    ${c}`));
      lines.push(...ns.findingsAdded.map((f) => `    + ${f}`));
      lines.push(...ns.findingsRemoved.map((f) => `    - ${f}`));
    }
  }
  return `${lines.join("\n")}\n`;
}
