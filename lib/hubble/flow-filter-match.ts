// Hubble's flow filter semantics over flows in `hubble observe -o json` shape. Within a FlowFilter
// every set field must match (AND) and within a field any value may match (OR); a flow is selected
// when it matches any whitelist filter (or there is none) and no blacklist filter. A filter field
// Sieve cannot evaluate is an error, never a silent match-all.

import { TCP_FLAG_NAMES } from "@/lib/flows/flow";
import { DROP_REASON_NAMES } from "./drop-reason-names";
import type { FlowFilterJson } from "./flow-filter";
import { compileIpMatcher } from "./flow-filter-match-ip";
import { compileLabelSelector, parseEndpointLabel } from "./flow-filter-match-labels";
import { compileFqdnPatterns, compileNodeNamePatterns, compileRe2 } from "./flow-filter-match-patterns";
import { HUBBLE_VERDICTS, type HubbleEndpoint, type HubbleFlowJson, type HubbleService } from "./flow-json";

export type FlowPredicate = (flow: HubbleFlowJson) => boolean;

/** A filter Hubble would refuse; `field` is the FlowFilter field at fault. */
export class FlowFilterError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`invalid ${field} filter: ${reason}`);
    this.name = "FlowFilterError";
  }
}

type FieldCompiler = (values: unknown[], filter: FlowFilterJson) => FlowPredicate;

/** Cilium's monitor message type of L7 access-log events; HTTP filters only make sense on these. */
const MESSAGE_TYPE_ACCESS_LOG = 129;
/** Cilium's default cluster name, which Hubble puts in front of node names that lack one. */
const DEFAULT_CLUSTER_NAME = "default";

const VERDICTS = new Set<string>(HUBBLE_VERDICTS);
const DROP_REASONS = new Set<string>(DROP_REASON_NAMES);
const TRAFFIC_DIRECTIONS = new Set(["TRAFFIC_DIRECTION_UNKNOWN", "INGRESS", "EGRESS"]);
const IP_VERSIONS = new Set(["IP_NOT_USED", "IPv4", "IPv6"]);
/** The protocol filter's values (`--protocol`): layer 4 names, then the layer 7 ones. */
export const FLOW_FILTER_PROTOCOLS = [
  "tcp",
  "udp",
  "icmp",
  "icmpv4",
  "icmpv6",
  "sctp",
  "dns",
  "http",
  "kafka",
] as const;
const L7_PROTOCOLS: ReadonlySet<string> = new Set(["dns", "http", "kafka"]);
const L4_PROTOCOLS: ReadonlySet<string> = new Set(
  FLOW_FILTER_PROTOCOLS.filter((protocol) => !L7_PROTOCOLS.has(protocol)),
);

function strings(field: string, values: unknown[]): string[] {
  return values.map((value) => {
    if (typeof value !== "string")
      throw new FlowFilterError(field, `expected strings, got ${JSON.stringify(value)}`);
    return value;
  });
}

function objects(field: string, values: unknown[]): Record<string, unknown>[] {
  return values.map((value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new FlowFilterError(field, `expected messages, got ${JSON.stringify(value)}`);
    }
    return value as Record<string, unknown>;
  });
}

function enumNames(field: string, values: unknown[], allowed: Set<string>): Set<string> {
  for (const value of strings(field, values)) {
    if (!allowed.has(value)) throw new FlowFilterError(field, `unknown value "${value}"`);
  }
  return new Set(values as string[]);
}

function uint32s(field: string, values: unknown[]): Set<number> {
  return new Set(
    values.map((value) => {
      const number = typeof value === "string" ? Number(value) : value;
      if (typeof number !== "number" || !Number.isInteger(number) || number < 0 || number > 0xffffffff) {
        throw new FlowFilterError(field, `expected unsigned integers, got ${JSON.stringify(value)}`);
      }
      return number;
    }),
  );
}

/** Runs a pattern compiler, reporting its failure against the filter field. */
function compiling<T>(field: string, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    if (error instanceof FlowFilterError) throw error;
    throw new FlowFilterError(field, (error as Error).message);
  }
}

// --- endpoints -------------------------------------------------------------------------------

type Side = "source" | "destination";

function endpoint(flow: HubbleFlowJson, side: Side): HubbleEndpoint | undefined {
  return side === "source" ? flow.source : flow.destination;
}

function service(flow: HubbleFlowJson, side: Side): HubbleService | undefined {
  return side === "source" ? flow.source_service : flow.destination_service;
}

interface NameFilter {
  /** null: any namespace (a bare name prefix). */
  namespace: string | null;
  prefix: string;
}

function parseNamespacedNames(field: string, values: unknown[]): NameFilter[] {
  return strings(field, values).map((value) => {
    const slash = value.indexOf("/");
    if (slash < 0) {
      if (value === "") throw new FlowFilterError(field, `must be [namespace/][<name>], got ""`);
      return { namespace: null, prefix: value };
    }
    const namespace = value.slice(0, slash);
    const prefix = value.slice(slash + 1);
    if (namespace === "" && prefix === "") {
      throw new FlowFilterError(field, `must be [namespace/][<name>], got "${value}"`);
    }
    return { namespace, prefix };
  });
}

function namespacedNameMatcher(
  field: string,
  values: unknown[],
  nameOf: (flow: HubbleFlowJson) => { namespace: string; name: string },
): FlowPredicate {
  const filters = parseNamespacedNames(field, values);
  return (flow) => {
    const { namespace, name } = nameOf(flow);
    if (namespace === "" && name === "") return false;
    return filters.some(
      (filter) =>
        (filter.namespace === null || filter.namespace === namespace) &&
        (filter.prefix === "" || name.startsWith(filter.prefix)),
    );
  };
}

function podMatcher(side: Side): FieldCompiler {
  const field = `${side}_pod`;
  return (values) =>
    namespacedNameMatcher(field, values, (flow) => ({
      namespace: endpoint(flow, side)?.namespace ?? "",
      name: endpoint(flow, side)?.pod_name ?? "",
    }));
}

function serviceMatcher(side: Side): FieldCompiler {
  const field = `${side}_service`;
  return (values) =>
    namespacedNameMatcher(field, values, (flow) => ({
      namespace: service(flow, side)?.namespace ?? "",
      name: service(flow, side)?.name ?? "",
    }));
}

function ipMatcher(side: Side): FieldCompiler {
  const field = `${side}_ip`;
  return (values) => {
    const matchers = strings(field, values).map((value) => compiling(field, () => compileIpMatcher(value)));
    return (flow) => {
      const ip = side === "source" ? flow.IP?.source : flow.IP?.destination;
      return !!ip && matchers.some((matcher) => matcher.matches(ip));
    };
  };
}

function labelMatcher(side: Side): FieldCompiler {
  const field = `${side}_label`;
  return (values) => {
    const selectors = strings(field, values).map((value) =>
      compiling(field, () => compileLabelSelector(value)),
    );
    return (flow) => {
      const labels = (endpoint(flow, side)?.labels ?? []).map(parseEndpointLabel);
      return selectors.some((selector) => selector(labels));
    };
  };
}

function fqdnMatcher(side: Side): FieldCompiler {
  const field = `${side}_fqdn`;
  return (values) => {
    const pattern = compiling(field, () => compileFqdnPatterns(strings(field, values)));
    return (flow) => {
      const names = (side === "source" ? flow.source_names : flow.destination_names) ?? [];
      return names.some((name) => pattern.test(name));
    };
  };
}

function identityMatcher(side: Side): FieldCompiler {
  const field = `${side}_identity`;
  return (values) => {
    const identities = uint32s(field, values);
    return (flow) => identities.has(endpoint(flow, side)?.identity ?? 0);
  };
}

function workloadMatcher(side: Side): FieldCompiler {
  const field = `${side}_workload`;
  return (values) => {
    const wanted = objects(field, values).map((workload) => ({
      name: strings(field, [workload.name ?? ""])[0] ?? "",
      kind: strings(field, [workload.kind ?? ""])[0] ?? "",
    }));
    return (flow) =>
      (endpoint(flow, side)?.workloads ?? []).some((workload) =>
        wanted.some(
          (filter) =>
            (filter.name === "" || filter.name === workload.name) &&
            (filter.kind === "" || filter.kind === workload.kind),
        ),
      );
  };
}

// --- layer 4 ---------------------------------------------------------------------------------

function l4Ports(flow: HubbleFlowJson): { source_port?: number; destination_port?: number } | undefined {
  return flow.l4?.TCP ?? flow.l4?.UDP ?? flow.l4?.SCTP;
}

function portMatcher(side: Side): FieldCompiler {
  const field = `${side}_port`;
  return (values) => {
    const ports = new Set(
      strings(field, values).map((value) => {
        if (!/^\d+$/.test(value) || Number(value) > 65535) {
          throw new FlowFilterError(field, `invalid port "${value}"`);
        }
        return Number(value);
      }),
    );
    return (flow) => {
      const l4 = l4Ports(flow);
      if (!l4) return false;
      return ports.has((side === "source" ? l4.source_port : l4.destination_port) ?? 0);
    };
  };
}

const protocolMatcher: FieldCompiler = (values) => {
  const protocols = strings("protocol", values).map((value) => {
    const protocol = value.toLowerCase();
    if (!L4_PROTOCOLS.has(protocol) && !L7_PROTOCOLS.has(protocol)) {
      throw new FlowFilterError("protocol", `unknown protocol "${value}"`);
    }
    return protocol;
  });
  return (flow) =>
    protocols.some((protocol) => {
      switch (protocol) {
        case "icmp":
          return !!flow.l4?.ICMPv4 || !!flow.l4?.ICMPv6;
        case "icmpv4":
          return !!flow.l4?.ICMPv4;
        case "icmpv6":
          return !!flow.l4?.ICMPv6;
        case "tcp":
          return !!flow.l4?.TCP;
        case "udp":
          return !!flow.l4?.UDP;
        case "sctp":
          return !!flow.l4?.SCTP;
        case "dns":
          return !!flow.l7?.dns;
        case "http":
          return !!flow.l7?.http;
        default:
          // kafka: the flow shape Sieve stores has no Kafka records, so none match.
          return false;
      }
    });
};

const tcpFlagsMatcher: FieldCompiler = (values) => {
  const wanted = objects("tcp_flags", values);
  return (flow) => {
    const flags = flow.l4?.TCP?.flags;
    if (!flags) return false;
    return wanted.some((filter) => TCP_FLAG_NAMES.every((flag) => !filter[flag] || flags[flag] === true));
  };
};

// --- layer 7 ---------------------------------------------------------------------------------

function requireL7EventType(field: string, filter: FlowFilterJson): void {
  const types = filter.event_type ?? [];
  if (types.length > 0 && !types.some((type) => type.type === MESSAGE_TYPE_ACCESS_LOG)) {
    throw new FlowFilterError(
      field,
      "filtering by HTTP fields requires the event type filter to match 'l7' events",
    );
  }
}

const httpStatusMatcher: FieldCompiler = (values, filter) => {
  requireL7EventType("http_status_code", filter);
  const full: string[] = [];
  const prefixes: string[] = [];
  for (const value of strings("http_status_code", values)) {
    if (/^[1-5][0-9]{2}$/.test(value)) full.push(value);
    else if (/^[1-5][0-9]?\+$/.test(value)) prefixes.push(value.slice(0, -1));
    else throw new FlowFilterError("http_status_code", `invalid status code prefix "${value}"`);
  }
  return (flow) => {
    const code = flow.l7?.http?.code ?? 0;
    if (code === 0) return false;
    const text = String(code).padStart(3, "0");
    return full.includes(text) || prefixes.some((prefix) => text.startsWith(prefix));
  };
};

const httpMethodMatcher: FieldCompiler = (values, filter) => {
  requireL7EventType("http_method", filter);
  const methods = strings("http_method", values).map((method) => method.toLowerCase());
  return (flow) => {
    const method = flow.l7?.http?.method;
    return !!method && methods.includes(method.toLowerCase());
  };
};

function urlPath(url: string): string | null {
  if (!url.startsWith("/") && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)) return null;
  try {
    return new URL(url, "http://request.invalid").pathname;
  } catch {
    return null;
  }
}

const httpPathMatcher: FieldCompiler = (values, filter) => {
  requireL7EventType("http_path", filter);
  const expressions = strings("http_path", values).map((value) =>
    compiling("http_path", () => compileRe2(value)),
  );
  return (flow) => {
    const url = flow.l7?.http?.url;
    const path = url ? urlPath(url) : null;
    return path !== null && expressions.some((expression) => expression.test(path));
  };
};

const dnsQueryMatcher: FieldCompiler = (values) => {
  const expressions = strings("dns_query", values).map((value) =>
    compiling("dns_query", () => compileRe2(value)),
  );
  return (flow) => {
    const dns = flow.l7?.dns;
    return !!dns && expressions.some((expression) => expression.test(dns.query ?? ""));
  };
};

// --- flow metadata ---------------------------------------------------------------------------

const uuidMatcher: FieldCompiler = (values) => {
  const uuids = new Set(strings("uuid", values));
  return (flow) => flow.uuid !== undefined && uuids.has(flow.uuid);
};

const verdictMatcher: FieldCompiler = (values) => {
  const verdicts = enumNames("verdict", values, VERDICTS);
  return (flow) => verdicts.has(flow.verdict);
};

const dropReasonMatcher: FieldCompiler = (values) => {
  const reasons = enumNames("drop_reason_desc", values, DROP_REASONS);
  return (flow) => reasons.has(flow.drop_reason_desc ?? "DROP_REASON_UNKNOWN");
};

const trafficDirectionMatcher: FieldCompiler = (values) => {
  const directions = enumNames("traffic_direction", values, TRAFFIC_DIRECTIONS);
  return (flow) => directions.has(flow.traffic_direction ?? "TRAFFIC_DIRECTION_UNKNOWN");
};

const ipVersionMatcher: FieldCompiler = (values) => {
  const versions = enumNames("ip_version", values, IP_VERSIONS);
  return (flow) => versions.has(flow.IP?.ipVersion ?? "IP_NOT_USED");
};

const eventTypeMatcher: FieldCompiler = (values) => {
  const wanted = objects("event_type", values).map((value) => ({
    type: Number(value.type ?? 0),
    matchSubType: value.match_sub_type === true,
    subType: Number(value.sub_type ?? 0),
  }));
  return (flow) => {
    const event = flow.event_type;
    if (!event) return false;
    return wanted.some(
      (filter) =>
        (filter.type === 0 || filter.type === (event.type ?? 0)) &&
        (!filter.matchSubType || filter.subType === (event.sub_type ?? 0)),
    );
  };
};

const replyMatcher: FieldCompiler = (values) => {
  const replies = values.map((value) => {
    if (typeof value !== "boolean")
      throw new FlowFilterError("reply", `expected booleans, got ${JSON.stringify(value)}`);
    return value;
  });
  return (flow) => {
    // As Hubble does: a dropped flow of unknown direction counts as a non-reply.
    if (flow.is_reply === undefined && flow.verdict !== "DROPPED") return false;
    return replies.includes(flow.is_reply ?? false);
  };
};

const nodeNameMatcher: FieldCompiler = (values) => {
  const pattern = compiling("node_name", () => compileNodeNamePatterns(strings("node_name", values)));
  return (flow) => {
    const name = flow.node_name ?? "";
    if (name === "") return false;
    return pattern.test(name.includes("/") ? name : `${DEFAULT_CLUSTER_NAME}/${name}`);
  };
};

const FIELD_COMPILERS: Record<string, FieldCompiler> = {
  uuid: uuidMatcher,
  source_ip: ipMatcher("source"),
  destination_ip: ipMatcher("destination"),
  source_pod: podMatcher("source"),
  destination_pod: podMatcher("destination"),
  source_fqdn: fqdnMatcher("source"),
  destination_fqdn: fqdnMatcher("destination"),
  source_label: labelMatcher("source"),
  destination_label: labelMatcher("destination"),
  source_service: serviceMatcher("source"),
  destination_service: serviceMatcher("destination"),
  source_workload: workloadMatcher("source"),
  destination_workload: workloadMatcher("destination"),
  traffic_direction: trafficDirectionMatcher,
  verdict: verdictMatcher,
  drop_reason_desc: dropReasonMatcher,
  event_type: eventTypeMatcher,
  http_status_code: httpStatusMatcher,
  protocol: protocolMatcher,
  source_port: portMatcher("source"),
  destination_port: portMatcher("destination"),
  reply: replyMatcher,
  dns_query: dnsQueryMatcher,
  source_identity: identityMatcher("source"),
  destination_identity: identityMatcher("destination"),
  http_method: httpMethodMatcher,
  http_path: httpPathMatcher,
  tcp_flags: tcpFlagsMatcher,
  node_name: nodeNameMatcher,
  ip_version: ipVersionMatcher,
};

/**
 * Compiles one FlowFilter into a predicate. Throws FlowFilterError for invalid values (a bad CIDR,
 * an invalid regular expression, an unknown verdict) and for fields Sieve cannot evaluate.
 */
export function compileFlowFilter(filter: FlowFilterJson): FlowPredicate {
  const predicates: FlowPredicate[] = [];
  for (const [field, raw] of Object.entries(filter) as [string, unknown][]) {
    if (raw === undefined || raw === null) continue;
    if (!Array.isArray(raw)) throw new FlowFilterError(field, "expected a list of values");
    if (raw.length === 0) continue;
    const compile = Object.hasOwn(FIELD_COMPILERS, field) ? FIELD_COMPILERS[field] : undefined;
    if (!compile) throw new FlowFilterError(field, "this field is not supported by Sieve's flow filter");
    predicates.push(compile(raw, filter));
  }
  return (flow) => predicates.every((predicate) => predicate(flow));
}

/** Compiles a whitelist and a blacklist into one predicate; throws FlowFilterError like compileFlowFilter. */
export function compileFlowSelection(
  whitelist: readonly FlowFilterJson[],
  blacklist: readonly FlowFilterJson[],
): FlowPredicate {
  const allowed = whitelist.map(compileFlowFilter);
  const denied = blacklist.map(compileFlowFilter);
  return (flow) =>
    (allowed.length === 0 || allowed.some((matches) => matches(flow))) &&
    !denied.some((matches) => matches(flow));
}

const compiledFilters = new WeakMap<FlowFilterJson, FlowPredicate>();

/** Whether the flow matches every set field of the filter. Throws FlowFilterError for an invalid filter. */
export function flowMatchesFilter(flow: HubbleFlowJson, filter: FlowFilterJson): boolean {
  let predicate = compiledFilters.get(filter);
  if (!predicate) {
    predicate = compileFlowFilter(filter);
    compiledFilters.set(filter, predicate);
  }
  return predicate(flow);
}

/** Whether Hubble would deliver the flow: it matches a whitelist filter (or there is none) and no blacklist filter. */
export function flowSelected(
  flow: HubbleFlowJson,
  whitelist: readonly FlowFilterJson[],
  blacklist: readonly FlowFilterJson[],
): boolean {
  return (
    (whitelist.length === 0 || whitelist.some((filter) => flowMatchesFilter(flow, filter))) &&
    !blacklist.some((filter) => flowMatchesFilter(flow, filter))
  );
}
