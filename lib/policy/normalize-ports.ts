// Ports, port ranges, protocols, ICMP and L7 rules, from Cilium toPorts and NetworkPolicy ports.

import type { DnsRule, HttpRule, IcmpSpec, L7Rules, PortRule, PortSpec, Protocol } from "./model";
import { isRecord, listField, stringField } from "./json-read";

const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP", "ICMP", "ICMPv6", "VRRP", "IGMP", "ANY"];
const NETWORK_POLICY_PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];

type PortValue = { port: number | null; name?: string } | null;

/** "80", 80, "0", "", undefined (every port) or a named port; null when malformed. */
function readPort(raw: unknown, where: string, problems: string[]): PortValue {
  if (raw === undefined || raw === null || raw === "" || raw === 0 || raw === "0") return { port: null };
  const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : null;
  if (text === null) {
    problems.push(`${where}: ${JSON.stringify(raw)} is not a port`);
    return null;
  }
  if (/^\d+$/.test(text)) {
    const port = Number(text);
    if (port < 1 || port > 65535) {
      problems.push(`${where}: ${port} is outside 1-65535`);
      return null;
    }
    return { port };
  }
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(text) && /[a-z]/.test(text) && text.length <= 15) {
    return { port: null, name: text };
  }
  problems.push(`${where}: ${JSON.stringify(raw)} is not a port number or name`);
  return null;
}

function readEndPort(
  raw: unknown,
  port: number | null,
  where: string,
  problems: string[],
): number | undefined | null {
  if (raw === undefined || raw === null || raw === 0) return undefined;
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 1 || raw > 65535) {
    problems.push(`${where}: ${JSON.stringify(raw)} is not a port`);
    return null;
  }
  if (port === null) {
    problems.push(`${where}: endPort without a numeric port is ignored`);
    return undefined;
  }
  if (raw < port) {
    problems.push(`${where}: endPort ${raw} is below port ${port}`);
    return null;
  }
  return raw === port ? undefined : raw;
}

function readProtocol(
  raw: unknown,
  fallback: Protocol,
  allowed: readonly Protocol[],
  where: string,
  problems: string[],
): Protocol | null {
  if (raw === undefined || raw === null || raw === "") return fallback;
  const match =
    typeof raw === "string" ? allowed.find((p) => p.toLowerCase() === raw.toLowerCase()) : undefined;
  if (!match) {
    problems.push(`${where}: ${JSON.stringify(raw)} is not one of ${allowed.join(", ")}`);
    return null;
  }
  return match;
}

/** A port entry; null when malformed (the caller then fails closed). */
function readPortSpec(
  raw: unknown,
  where: string,
  problems: string[],
  flavour: "cilium" | "networkpolicy",
): PortSpec | null {
  if (!isRecord(raw)) {
    problems.push(`${where}: not an object`);
    return null;
  }
  const port = readPort(raw.port, `${where}.port`, problems);
  const protocol =
    flavour === "cilium"
      ? readProtocol(raw.protocol, "ANY", PROTOCOLS, `${where}.protocol`, problems)
      : readProtocol(raw.protocol, "TCP", NETWORK_POLICY_PROTOCOLS, `${where}.protocol`, problems);
  if (port === null || protocol === null) return null;
  const endPort = readEndPort(raw.endPort, port.port, `${where}.endPort`, problems);
  if (endPort === null) return null;
  const spec: PortSpec = { port: port.port, protocol };
  if (port.name !== undefined) spec.name = port.name;
  if (endPort !== undefined) spec.endPort = endPort;
  return spec;
}

function readHttpRules(raw: unknown[]): HttpRule[] {
  return raw.filter(isRecord).map((r) => {
    const rule: HttpRule = {};
    const method = stringField(r.method);
    const path = stringField(r.path);
    const host = stringField(r.host);
    if (method) rule.method = method;
    if (path) rule.path = path;
    if (host) rule.host = host;
    if (Array.isArray(r.headers)) rule.headers = r.headers.filter((h): h is string => typeof h === "string");
    return rule;
  });
}

function readDnsRules(raw: unknown[]): DnsRule[] {
  return raw.filter(isRecord).map((r) => {
    const rule: DnsRule = {};
    const matchName = stringField(r.matchName);
    const matchPattern = stringField(r.matchPattern);
    if (matchName) rule.matchName = matchName;
    if (matchPattern) rule.matchPattern = matchPattern;
    return rule;
  });
}

function readL7(raw: unknown, where: string, problems: string[]): L7Rules | null {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) {
    problems.push(`${where}: not an object`);
    return null;
  }
  if (Array.isArray(raw.http)) return { type: "http", rules: readHttpRules(raw.http) };
  if (Array.isArray(raw.dns)) return { type: "dns", rules: readDnsRules(raw.dns) };
  if (Array.isArray(raw.kafka)) return { type: "kafka", count: raw.kafka.length };
  if (typeof raw.l7proto === "string") {
    return { type: "other", protocol: raw.l7proto, count: Array.isArray(raw.l7) ? raw.l7.length : 0 };
  }
  return null;
}

export interface ParsedPorts {
  rules: PortRule[];
  /** Some entry was malformed: the rule must fail closed rather than allow every port. */
  malformed: boolean;
}

/** Cilium `toPorts`. */
export function readCiliumToPorts(
  raw: unknown,
  where: string,
  problems: string[],
  withL7: boolean,
): ParsedPorts {
  const list = listField(raw, where, problems);
  if (list === null) return { rules: [], malformed: true };
  const rules: PortRule[] = [];
  let malformed = false;
  for (const [i, entry] of list.entries()) {
    const at = `${where}[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${at}: not an object`);
      malformed = true;
      continue;
    }
    const rawPorts = listField(entry.ports, `${at}.ports`, problems);
    if (rawPorts === null) {
      malformed = true;
      continue;
    }
    const ports = rawPorts.map((p, j) => readPortSpec(p, `${at}.ports[${j}]`, problems, "cilium"));
    const valid = ports.filter((p): p is PortSpec => p !== null);
    if (valid.length < ports.length) malformed = true;
    // An entry whose every port was malformed must not turn into "every port".
    if (rawPorts.length > 0 && valid.length === 0) continue;
    const serverNames = Array.isArray(entry.serverNames)
      ? entry.serverNames.filter((s): s is string => typeof s === "string")
      : [];
    rules.push({
      ports: valid,
      l7: withL7 ? readL7(entry.rules, `${at}.rules`, problems) : null,
      serverNames,
    });
  }
  return { rules, malformed };
}

/** NetworkPolicy `ports`: one PortRule holding every port (there is no L7). */
export function readNetworkPolicyPorts(raw: unknown, where: string, problems: string[]): ParsedPorts {
  const list = listField(raw, where, problems);
  if (list === null) return { rules: [], malformed: true };
  if (list.length === 0) return { rules: [], malformed: false };
  const ports = list.map((p, i) => readPortSpec(p, `${where}[${i}]`, problems, "networkpolicy"));
  const valid = ports.filter((p): p is PortSpec => p !== null);
  if (valid.length === 0) return { rules: [], malformed: true };
  return { rules: [{ ports: valid, l7: null, serverNames: [] }], malformed: valid.length < ports.length };
}

export function readIcmps(raw: unknown, where: string, problems: string[]): IcmpSpec[] {
  const list = listField(raw, where, problems) ?? [];
  const result: IcmpSpec[] = [];
  for (const [i, entry] of list.entries()) {
    const fields = isRecord(entry) ? listField(entry.fields, `${where}[${i}].fields`, problems) : null;
    for (const field of fields ?? []) {
      if (!isRecord(field)) continue;
      const type = field.type;
      if (typeof type !== "number" && typeof type !== "string") continue;
      result.push({ family: field.family === "IPv6" ? "IPv6" : "IPv4", type });
    }
  }
  return result;
}
