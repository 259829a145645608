// The Kubernetes and Cilium object shapes Sieve reads, typed once at the adapter boundary.
// Only the fields Sieve uses are declared; everything else passes through untouched.

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  managedFields?: ManagedFieldsEntry[];
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

export interface Namespace extends KubeObject {
  kind: "Namespace";
  status?: { phase?: string };
}

export interface Pod extends KubeObject {
  kind: "Pod";
  spec?: {
    nodeName?: string;
    hostNetwork?: boolean;
    serviceAccountName?: string;
    containers?: {
      name: string;
      image?: string;
      ports?: { containerPort: number; protocol?: string; name?: string }[];
    }[];
  };
  status?: { phase?: string; podIP?: string; podIPs?: { ip: string }[]; hostIP?: string };
}

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface NetworkPolicyPort {
  protocol?: "TCP" | "UDP" | "SCTP";
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicy extends KubeObject {
  kind: "NetworkPolicy";
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ("Ingress" | "Egress")[];
    ingress?: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
    egress?: { to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  };
}

export interface CiliumPortProtocol {
  port?: string;
  endPort?: number;
  protocol?: "TCP" | "UDP" | "SCTP" | "ICMP" | "ICMPv6" | "ANY";
}

export interface CiliumPortRule {
  ports?: CiliumPortProtocol[];
  rules?: {
    http?: { method?: string; path?: string; host?: string; headers?: string[] }[];
    dns?: { matchName?: string; matchPattern?: string }[];
    kafka?: unknown[];
    l7proto?: string;
    l7?: unknown[];
  };
}

export interface CiliumCidrRule {
  cidr: string;
  except?: string[];
}

export interface CiliumFqdnSelector {
  matchName?: string;
  matchPattern?: string;
}

export interface CiliumIngressRule {
  fromEndpoints?: LabelSelector[];
  fromRequires?: LabelSelector[];
  fromCIDR?: string[];
  fromCIDRSet?: CiliumCidrRule[];
  fromEntities?: string[];
  toPorts?: CiliumPortRule[];
  icmps?: unknown[];
}

export interface CiliumEgressRule {
  toEndpoints?: LabelSelector[];
  toRequires?: LabelSelector[];
  toCIDR?: string[];
  toCIDRSet?: CiliumCidrRule[];
  toEntities?: string[];
  toFQDNs?: CiliumFqdnSelector[];
  toServices?: unknown[];
  toPorts?: CiliumPortRule[];
  icmps?: unknown[];
}

export interface CiliumPolicyRule {
  description?: string;
  endpointSelector?: LabelSelector;
  nodeSelector?: LabelSelector;
  ingress?: CiliumIngressRule[];
  ingressDeny?: CiliumIngressRule[];
  egress?: CiliumEgressRule[];
  egressDeny?: CiliumEgressRule[];
  enableDefaultDeny?: { ingress?: boolean; egress?: boolean };
}

export interface CiliumNetworkPolicy extends KubeObject {
  kind: "CiliumNetworkPolicy";
  spec?: CiliumPolicyRule;
  specs?: CiliumPolicyRule[];
}

export interface CiliumClusterwideNetworkPolicy extends KubeObject {
  kind: "CiliumClusterwideNetworkPolicy";
  spec?: CiliumPolicyRule;
  specs?: CiliumPolicyRule[];
}

/** The five kinds Sieve watches, by their REST resource name. */
/** The event types of a Kubernetes watch stream. */
export const WATCH_EVENT_TYPES = ["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"] as const;

export type WatchEventType = (typeof WATCH_EVENT_TYPES)[number];

export type WatchedKind =
  "namespaces" | "pods" | "networkpolicies" | "ciliumnetworkpolicies" | "ciliumclusterwidenetworkpolicies";

export interface KindObjectMap {
  namespaces: Namespace;
  pods: Pod;
  networkpolicies: NetworkPolicy;
  ciliumnetworkpolicies: CiliumNetworkPolicy;
  ciliumclusterwidenetworkpolicies: CiliumClusterwideNetworkPolicy;
}
