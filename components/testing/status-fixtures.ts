import type { HubbleStatusView, KubernetesStatusView, StatusResponse } from "@/lib/api/responses";
import type { ClusterKnowledge } from "@/lib/status/cluster-knowledge";
import type { SourceHealth } from "@/lib/status/source-health";

// For component tests: /api/status answers of a cluster at FIXED_NOW, healthy unless a test says how not.

export const FIXED_NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const MINUTE = 60_000;

export function relaySourceHealth(overrides: Partial<SourceHealth> = {}): SourceHealth {
  return {
    state: "in-sync",
    since: null,
    lastEventAt: FIXED_NOW - 1_000,
    lastProbeAt: FIXED_NOW - 5_000,
    lastAliveAt: FIXED_NOW - 1_000,
    message: "Hubble Relay streaming",
    ...overrides,
  };
}

export function hubbleView(overrides: Partial<HubbleStatusView> = {}): HubbleStatusView {
  return {
    health: "ok",
    message: "streaming from hubble-relay.kube-system:4245",
    lastGoodAt: FIXED_NOW - 1_000,
    address: "hubble-relay.kube-system:4245",
    lastFlowAt: FIXED_NOW - 1_000,
    reconnects: 0,
    gaps: [],
    source: relaySourceHealth(),
    lastProbeAt: FIXED_NOW - 5_000,
    coveredSince: FIXED_NOW - 2 * 60 * MINUTE,
    ...overrides,
  };
}

export function kubernetesView(overrides: Partial<KubernetesStatusView> = {}): KubernetesStatusView {
  return {
    health: "ok",
    message: "5 kinds watched",
    lastGoodAt: FIXED_NOW - 2_000,
    kinds: [],
    knowledge: { unknown: [] },
    ...overrides,
  };
}

export function statusResponse(overrides: Partial<StatusResponse> = {}): StatusResponse {
  return {
    now: FIXED_NOW,
    configErrors: [],
    preview: null,
    kubernetes: kubernetesView(),
    hubble: hubbleView(),
    ...overrides,
  };
}

/** A relay that stalled 7 minutes ago ("no flow for 45 s"): flows since are unknown. */
export const RELAY_STALLED: HubbleStatusView = hubbleView({
  health: "stale",
  source: relaySourceHealth({ state: "stalled", since: FIXED_NOW - 7 * MINUTE, message: "no flow for 45 s" }),
});

/** CiliumNetworkPolicies unreadable for 3 minutes (the API server unreachable): what rests on them is unknown. */
export const CNPS_UNAVAILABLE: ClusterKnowledge = {
  unknown: [
    {
      kind: "ciliumnetworkpolicies",
      what: "CiliumNetworkPolicies",
      state: "unavailable",
      since: FIXED_NOW - 3 * MINUTE,
      lastAliveAt: FIXED_NOW - 3 * MINUTE,
      reason: "Kubernetes API unreachable",
    },
  ],
};
