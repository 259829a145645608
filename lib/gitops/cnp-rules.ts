// Appends rules to an existing CiliumNetworkPolicy file (e.g. HBONE for a namespace that joined
// the ambient mesh), keeping its comments; rules the policy already has are not added twice.

import { isMap, isSeq, parseAllDocuments, type ParsedNode, type YAMLSeq } from "yaml";
import { changeProblem, type AddCnpRules, type CnpRule } from "./change";
import type { Direction } from "@/lib/policy/model";
import { ruleKey, ruleLines, ruleObject } from "./cnp-rule-yaml";
import { childMap, findPair, pairLastChar, scalarString, type ParsedMap } from "./map-edit";
import type { PatchResult } from "./patch-result";
import { applyEdits, columnOf, insertLinesAfter, parseErrorLine } from "./yaml-text";

function findPolicy(docs: ParsedMap[], namespace: string): ParsedMap | string {
  const policies = docs.filter((doc) => scalarString(findPair(doc, "kind")?.value) === "CiliumNetworkPolicy");
  const inNamespace = policies.filter((doc) => {
    const ns = scalarString(findPair(childMap(doc, "metadata") ?? doc, "namespace")?.value);
    return ns === undefined || ns === namespace;
  });
  const preferred =
    inNamespace.find(
      (doc) =>
        scalarString(findPair(childMap(doc, "metadata") ?? doc, "name")?.value) === `${namespace}-default`,
    ) ?? (inNamespace.length === 1 ? inNamespace[0] : undefined);
  if (preferred) return preferred;
  return inNamespace.length > 1
    ? `the file holds ${inNamespace.length} CiliumNetworkPolicies for ${namespace} and none is named ${namespace}-default`
    : `the file holds no CiliumNetworkPolicy for namespace ${namespace}`;
}

function directionEdit(
  text: string,
  spec: ParsedMap,
  direction: Direction,
  rules: CnpRule[],
): PatchResult | null {
  const pair = findPair(spec, direction);
  const seq = pair?.value;
  const existing = new Set(isSeq(seq) ? seq.items.map((item) => ruleKey((item as ParsedNode).toJSON())) : []);
  const fresh = rules.filter((rule) => !existing.has(ruleKey(ruleObject(rule, direction))));
  if (fresh.length === 0) return null;
  if (pair && isSeq(seq)) {
    const items = (seq as YAMLSeq<ParsedNode>).items;
    const first = items[0];
    const last = items[items.length - 1];
    if (seq.flow || !first?.range || !last?.range) {
      return { ok: false, error: `spec.${direction} is written inline; add the rules by hand` };
    }
    const dashColumn = columnOf(text, first.range[0]) - 2;
    const lines = fresh.flatMap((rule) => ruleLines(rule, direction, dashColumn));
    const edit = insertLinesAfter(text, Math.max(last.range[0], last.range[1] - 1), lines);
    return { ok: true, content: applyEdits(text, [edit]), changed: true };
  }
  if (pair) return { ok: false, error: `spec.${direction} is not a list` };
  const keyColumn = columnOf(text, spec.items[0]!.key.range![0]);
  const lines = [
    `${" ".repeat(keyColumn)}${direction}:`,
    ...fresh.flatMap((rule) => ruleLines(rule, direction, keyColumn + 2)),
  ];
  const edit = insertLinesAfter(text, pairLastChar(spec.items[spec.items.length - 1]!), lines);
  return { ok: true, content: applyEdits(text, [edit]), changed: true };
}

/** Appends the change's ingress and egress rules to the namespace's policy in `text`. */
export function appendCnpRules(text: string, change: AddCnpRules): PatchResult {
  const problem = changeProblem(change);
  if (problem) return { ok: false, error: problem };
  let current = text;
  for (const direction of ["ingress", "egress"] as const) {
    const rules = change[direction] ?? [];
    if (rules.length === 0) continue;
    const docs = parseAllDocuments(current);
    const broken = docs.find((doc) => doc.errors.length > 0);
    if (broken) return { ok: false, error: `the policy file is not valid YAML: ${parseErrorLine(broken)}` };
    const maps = docs.flatMap((doc) => (isMap(doc.contents) ? [doc.contents as ParsedMap] : []));
    const policy = findPolicy(maps, change.namespace);
    if (typeof policy === "string") return { ok: false, error: policy };
    const spec = childMap(policy, "spec");
    if (!spec || spec.flow || spec.items.length === 0)
      return { ok: false, error: "the policy has no spec mapping" };
    const result = directionEdit(current, spec, direction, rules);
    if (!result) continue;
    if (!result.ok) return result;
    current = result.content;
  }
  return { ok: true, content: current, changed: current !== text };
}
