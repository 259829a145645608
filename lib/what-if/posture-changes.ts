// How a namespace's posture differs between two clusters: its profile, access labels, enforcement
// and findings, each said in a line.

import type { ClusterPosture } from "@/lib/posture/cluster-posture";
import type { Finding } from "@/lib/posture/findings";
import type { NamespacePosture } from "@/lib/posture/namespace-posture";

export interface NamespacePostureChange {
  namespace: string;
  change: "added" | "removed" | "changed";
  /** "profile: isolated → internal", "access label postgres removed", "enforcement: enforced → disabled". */
  changes: string[];
  findingsAdded: string[];
  findingsRemoved: string[];
}

function profileOf(ns: NamespacePosture): string {
  const name = ns.profile.name ?? "(none)";
  return ns.profile.name !== null && !ns.profile.known ? `${name} (unknown)` : name;
}

function accessOf(ns: NamespacePosture): Map<string, string> {
  return new Map(ns.accessLabels.map((a) => [a.name, a.opens]));
}

function findingText(finding: Finding): string {
  return `${finding.severity}: ${finding.message}`;
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return [...new Set(a)].filter((item) => !other.has(item));
}

function compare(
  before: NamespacePosture,
  after: NamespacePosture,
): Omit<NamespacePostureChange, "namespace" | "change"> {
  const changes: string[] = [];
  if (profileOf(before) !== profileOf(after))
    changes.push(`profile: ${profileOf(before)} → ${profileOf(after)}`);
  const accessBefore = accessOf(before);
  const accessAfter = accessOf(after);
  for (const [name, opens] of accessAfter)
    if (!accessBefore.has(name)) changes.push(`access label ${name} added: ${opens}`);
  for (const name of accessBefore.keys())
    if (!accessAfter.has(name)) changes.push(`access label ${name} removed`);
  if (before.enforcement.state !== after.enforcement.state)
    changes.push(`enforcement: ${before.enforcement.state} → ${after.enforcement.state}`);
  if (before.kind !== after.kind) changes.push(`kind: ${before.kind} → ${after.kind}`);
  const findingsBefore = before.findings.map(findingText);
  const findingsAfter = after.findings.map(findingText);
  return {
    changes,
    findingsAdded: difference(findingsAfter, findingsBefore),
    findingsRemoved: difference(findingsBefore, findingsAfter),
  };
}

/** Namespaces whose posture differs, by name. */
export function postureChanges(before: ClusterPosture, after: ClusterPosture): NamespacePostureChange[] {
  const old = new Map(before.namespaces.map((ns) => [ns.name, ns]));
  const next = new Map(after.namespaces.map((ns) => [ns.name, ns]));
  const result: NamespacePostureChange[] = [];
  for (const name of [...new Set([...old.keys(), ...next.keys()])].sort()) {
    const a = old.get(name);
    const b = next.get(name);
    if (!a || !b) {
      const present = (a ?? b)!;
      result.push({
        namespace: name,
        change: a ? "removed" : "added",
        changes: [`profile: ${profileOf(present)}`],
        findingsAdded: b ? b.findings.map(findingText) : [],
        findingsRemoved: a ? a.findings.map(findingText) : [],
      });
      continue;
    }
    const diff = compare(a, b);
    if (diff.changes.length + diff.findingsAdded.length + diff.findingsRemoved.length === 0) continue;
    result.push({ namespace: name, change: "changed", ...diff });
  }
  return result;
}
