// Writes CiliumNetworkPolicy rules as YAML lines in the platform template's style, and as plain
// objects so an existing policy can be checked for a rule it already has.

import type { Direction } from "@/lib/policy/model";
import { canonicalJson } from "./canonical-json";
import type { CnpRule } from "./change";
import { oneLine } from "./one-line";
import { yamlDoubleQuoted, yamlKey, yamlString } from "./yaml-scalar";

function peerKeys(direction: Direction) {
  const prefix = direction === "ingress" ? "from" : "to";
  return { entities: `${prefix}Entities`, cidrs: `${prefix}CIDR`, endpoints: `${prefix}Endpoints` };
}

/** A comment can hold anything but a line break. */
export function oneLineComment(text: string): string {
  return oneLine(text).trim();
}

/** The rule as Cilium reads it (ports as strings, like the template writes them). */
export function ruleObject(rule: CnpRule, direction: Direction): Record<string, unknown> {
  const keys = peerKeys(direction);
  const out: Record<string, unknown> = {};
  if (rule.entities?.length) out[keys.entities] = [...rule.entities];
  if (rule.cidrs?.length) out[keys.cidrs] = [...rule.cidrs];
  if (rule.endpoints?.length)
    out[keys.endpoints] = rule.endpoints.map((labels) => ({ matchLabels: { ...labels } }));
  if (rule.ports?.length) {
    out.toPorts = [{ ports: rule.ports.map(({ port, protocol }) => ({ port: String(port), protocol })) }];
  }
  return out;
}

/** What makes two rules one, whatever their key order: `port: 15008` and `port: "15008"` are the same port to Cilium. */
export function ruleKey(rule: unknown): string {
  return canonicalJson(rule, (scalar) => (typeof scalar === "number" ? String(scalar) : scalar));
}

/**
 * The rule as a sequence item whose dash stands at `indent` columns; nested collections step by
 * `unit` and sequences are indented under their key, as in the seed template.
 */
export function ruleLines(rule: CnpRule, direction: Direction, indent: number, unit = 2): string[] {
  const keys = peerKeys(direction);
  const pad = (n: number) => " ".repeat(n);
  const body = indent + 2;
  const fields: string[][] = [];
  if (rule.entities?.length) fields.push([`${keys.entities}: [${rule.entities.map(yamlString).join(", ")}]`]);
  if (rule.cidrs?.length) fields.push([`${keys.cidrs}: [${rule.cidrs.map(yamlDoubleQuoted).join(", ")}]`]);
  if (rule.endpoints?.length) {
    const lines = [`${keys.endpoints}:`];
    for (const labels of rule.endpoints) {
      lines.push(`${pad(unit)}- matchLabels:`);
      for (const [key, value] of Object.entries(labels))
        lines.push(`${pad(unit + 2 + unit)}${yamlKey(key)}: ${yamlString(value)}`);
    }
    fields.push(lines);
  }
  if (rule.ports?.length) {
    const lines = ["toPorts:", `${pad(unit)}- ports:`];
    for (const { port, protocol } of rule.ports) {
      lines.push(`${pad(unit + 2 + unit)}- port: ${yamlDoubleQuoted(String(port))}`);
      lines.push(`${pad(unit + 2 + unit + 2)}protocol: ${yamlString(protocol)}`);
    }
    fields.push(lines);
  }
  const out: string[] = [];
  if (rule.comment) out.push(`${pad(indent)}# ${oneLineComment(rule.comment)}`);
  fields.forEach((lines, i) => {
    lines.forEach((line, j) => {
      const lead = i === 0 && j === 0 ? `${pad(indent)}- ` : pad(body);
      out.push(lead + line);
    });
  });
  return out;
}
