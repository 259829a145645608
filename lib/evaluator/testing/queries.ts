// Small builders for evaluator tests: a context from a few policies and namespaces, endpoints and queries.

import { DEFAULT_CONVENTIONS, type Conventions } from "@/lib/conventions/conventions";
import type { FlowProtocol } from "@/lib/flows/flow";
import type { ClusterObjects } from "@/lib/posture/posture-context";
import { ns } from "@/lib/policy/testing/builders";
import type {
  CidrEndpoint,
  ConnectionQuery,
  DestinationEndpoint,
  EntityEndpoint,
  FqdnEndpoint,
  PodEndpoint,
  SourceEndpoint,
} from "../connection-query";
import {
  buildEvaluationContext,
  type EvaluationContext,
  type EvaluationOptions,
} from "../evaluation-context";

export function contextOf(
  parts: {
    ccnps?: ClusterObjects["ciliumclusterwidenetworkpolicies"];
    cnps?: ClusterObjects["ciliumnetworkpolicies"];
    netpols?: ClusterObjects["networkpolicies"];
    namespaces?: ClusterObjects["namespaces"];
  },
  options: Partial<EvaluationOptions> = {},
  conventions: Conventions = DEFAULT_CONVENTIONS,
): EvaluationContext {
  return buildEvaluationContext(
    {
      namespaces: parts.namespaces ?? [ns("default")],
      networkpolicies: parts.netpols ?? [],
      ciliumnetworkpolicies: parts.cnps ?? [],
      ciliumclusterwidenetworkpolicies: parts.ccnps ?? [],
    },
    conventions,
    options,
  );
}

export function podIn(namespace: string, labels: Record<string, string> = {}, name?: string): PodEndpoint {
  return { kind: "pod", namespace, labels, ...(name ? { name } : {}) };
}

export function entity(name: string): EntityEndpoint {
  return { kind: "entity", entity: name };
}

export function address(cidr: string, dnsNames: string[] = []): CidrEndpoint {
  return { kind: "cidr", cidr, dnsNames };
}

export function fqdn(name: string, ip?: string): FqdnEndpoint {
  return { kind: "fqdn", name, ...(ip ? { ip } : {}) };
}

export function query(
  source: SourceEndpoint,
  destination: DestinationEndpoint,
  port: number | null,
  protocol: FlowProtocol | null = "TCP",
): ConnectionQuery {
  return { source, destination, port, protocol };
}
