import "server-only";
import type { CiliumClusterwideNetworkPolicy, CiliumIngressRule } from "@/lib/kube/types";
import { routedPorts } from "./homelab-catalog";
import {
  ACCESS_PREFIX,
  ACCESS_TARGETS,
  BASELINE_SCRAPE_PORTS,
  ENFORCEMENT_LABEL,
  PROFILE_GRANTS,
  PROFILE_LABEL,
  PROFILES,
  type AccessName,
} from "./homelab-constants";
import {
  clusterwidePolicy,
  dnsPorts,
  gatewayPods,
  KUBE_DNS_PEER,
  namespaceLabel,
  podsIn,
  PROMETHEUS,
  tcp,
} from "./policy-parts";

// The cluster-wide layer: baselines select every pod (and so make everything else denied),
// profiles and access labels open more per namespace, and the escape hatch opens everything.

function baselines(now: number): CiliumClusterwideNetworkPolicy[] {
  return [
    clusterwidePolicy("baseline-dns-egress", now, {
      description: "Every pod may resolve names through kube-dns",
      endpointSelector: {},
      egress: [{ toEndpoints: [KUBE_DNS_PEER], toPorts: dnsPorts(true) }],
    }),
    clusterwidePolicy("baseline-health-probes", now, {
      description: "Kubelet and Cilium health probes reach every pod",
      // Written as many repositories write "every endpoint": the reserved label nothing carries.
      endpointSelector: { matchExpressions: [{ key: "reserved.none", operator: "DoesNotExist" }] },
      ingress: [{ fromEntities: ["health"] }, { fromCIDR: ["169.254.0.0/16"] }],
    }),
    clusterwidePolicy("baseline-prometheus-scrape", now, {
      description: "Prometheus scrapes the standard metrics ports of every pod",
      endpointSelector: {},
      ingress: [{ fromEndpoints: [PROMETHEUS], toPorts: tcp(...BASELINE_SCRAPE_PORTS) }],
    }),
    clusterwidePolicy("baseline-kube-api-access", now, {
      description:
        "Namespaces labelled access.network-policy.homelab/kube-api=true may call the Kubernetes API",
      endpointSelector: { matchLabels: { [namespaceLabel(`${ACCESS_PREFIX}kube-api`)]: "true" } },
      egress: [{ toEntities: ["kube-apiserver"], toPorts: tcp(...ACCESS_TARGETS["kube-api"].ports) }],
    }),
  ];
}

function profiles(now: number): CiliumClusterwideNetworkPolicy[] {
  return PROFILES.map((profile) => {
    const grants = PROFILE_GRANTS[profile];
    // The gateways may reach the ports apps serve on, not every port.
    const ingress: CiliumIngressRule[] =
      grants.gateways.length > 0
        ? [{ fromEndpoints: grants.gateways.map(gatewayPods), toPorts: tcp(...routedPorts()) }]
        : [];
    const gateways =
      grants.gateways.length > 0 ? `${grants.gateways.join(" and ")} gateway ingress` : "no ingress";
    return clusterwidePolicy(`profile-${profile}`, now, {
      description: `Profile ${profile}: ${gateways}, ${grants.httpsEgress ? "DNS and HTTPS egress" : "DNS egress only"}`,
      endpointSelector: { matchLabels: { [namespaceLabel(PROFILE_LABEL)]: profile } },
      ...(ingress.length > 0 ? { ingress } : {}),
      ...(grants.httpsEgress ? { egress: [{ toEntities: ["world"], toPorts: tcp(443) }] } : {}),
    });
  });
}

/** One CCNP per shared resource: egress from labelled namespaces, and the resource's ingress from them. */
function accessPolicy(access: Exclude<AccessName, "kube-api">, now: number): CiliumClusterwideNetworkPolicy {
  const target = ACCESS_TARGETS[access];
  const clients = { matchLabels: { [namespaceLabel(`${ACCESS_PREFIX}${access}`)]: "true" } };
  const servers = podsIn(target.namespace!, target.podLabels);
  return clusterwidePolicy(`access-${access}`, now, [
    {
      description: `Namespaces labelled ${ACCESS_PREFIX}${access}=true may reach ${target.namespace}`,
      endpointSelector: clients,
      egress: [{ toEndpoints: [servers], toPorts: tcp(...target.ports) }],
    },
    {
      description: `${target.namespace} accepts namespaces labelled ${ACCESS_PREFIX}${access}=true`,
      endpointSelector: servers,
      ingress: [{ fromEndpoints: [clients], toPorts: tcp(...target.ports) }],
    },
  ]);
}

/** A host firewall for the control-plane nodes: it selects nodes, so no pod posture comes from it. */
function hostFirewall(now: number): CiliumClusterwideNetworkPolicy {
  return clusterwidePolicy("host-control-plane", now, {
    description: "Control-plane nodes accept the API server, etcd and kubelet ports from the cluster",
    nodeSelector: { matchLabels: { "node-role.kubernetes.io/control-plane": "" } },
    ingress: [
      { fromEntities: ["cluster"], toPorts: tcp(6443, 10250) },
      { fromEntities: ["remote-node"], toPorts: tcp(2379, 2380) },
    ],
  });
}

function escapeHatch(now: number): CiliumClusterwideNetworkPolicy {
  return clusterwidePolicy("enforcement-disabled", now, {
    description:
      "Escape hatch: namespaces labelled network-policy.homelab/enforcement=disabled allow all traffic",
    endpointSelector: { matchLabels: { [namespaceLabel(ENFORCEMENT_LABEL)]: "disabled" } },
    ingress: [{ fromEntities: ["all"] }],
    egress: [{ toEntities: ["all"] }],
  });
}

export function clusterPolicies(now: number): CiliumClusterwideNetworkPolicy[] {
  return [
    ...baselines(now),
    ...profiles(now),
    accessPolicy("postgres", now),
    accessPolicy("dragonfly", now),
    accessPolicy("garage-s3", now),
    escapeHatch(now),
    hostFirewall(now),
  ];
}
