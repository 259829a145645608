// Observed flows between the homelab fixture's endpoints, for fix proposal and proof tests.

import type { Flow, FlowPeer, ReservedIdentity, Verdict } from "@/lib/flows/flow";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import type { PodEndpoint } from "@/lib/evaluator/connection-query";
import { PODS } from "@/lib/evaluator/testing/homelab-cluster";

export function podPeer(pod: PodEndpoint, ip = "10.244.0.10"): FlowPeer {
  return testPeer({
    namespace: pod.namespace,
    pod: pod.name ?? null,
    workload: null,
    labels: { ...pod.labels },
    reserved: null,
    ip,
    dnsNames: [],
  });
}

export function worldPeer(ip: string | null, dnsNames: string[] = []): FlowPeer {
  return testPeer({
    namespace: null,
    pod: null,
    workload: null,
    labels: {},
    identity: 2,
    reserved: "world",
    ip,
    dnsNames,
  });
}

export function reservedPeer(reserved: ReservedIdentity, ip = "192.168.10.10"): FlowPeer {
  return testPeer({
    namespace: null,
    pod: null,
    workload: null,
    labels: {},
    identity: 7,
    reserved,
    ip,
    dnsNames: [],
  });
}

let counter = 0;

export function observed(
  source: FlowPeer,
  destination: FlowPeer,
  port: number,
  options: {
    verdict?: Verdict;
    dropReason?: string | null;
    protocol?: "TCP" | "UDP";
    direction?: "ingress" | "egress";
  } = {},
): Flow {
  const verdict = options.verdict ?? "DROPPED";
  counter++;
  return testFlow({
    id: `flow-${counter}`,
    time: 1_700_000_000_000 + counter,
    verdict,
    dropReason:
      verdict === "DROPPED"
        ? options.dropReason === undefined
          ? "POLICY_DENIED"
          : options.dropReason
        : null,
    direction: options.direction ?? "egress",
    source,
    destination,
    protocol: options.protocol ?? "TCP",
    destinationPort: port,
  });
}

export function times<T>(n: number, make: () => T): T[] {
  return Array.from({ length: n }, make);
}

const forwarded = { verdict: "FORWARDED" as const };

/** Forwarded flows of the escape-hatch namespace (broken): what re-enabling enforcement is judged on. */
export const escapeHatchFlows = {
  toWorld: () => observed(podPeer(PODS.broken), worldPeer("1.2.3.4"), 443, forwarded),
  toDns: () =>
    observed(podPeer(PODS.broken), podPeer(PODS.coredns, "10.244.0.53"), 53, {
      ...forwarded,
      protocol: "UDP",
    }),
  fromGateway: () =>
    observed(podPeer(PODS.internalGateway, "10.244.0.2"), podPeer(PODS.broken), 8080, forwarded),
};
