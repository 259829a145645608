// The labelling conventions Sieve understands. Sieve infers them from the cluster's policies
// (infer-conventions.ts); the defaults below follow the platform's network-policy runbook and serve
// as the fallback and the demo's scenario. A conventions file overrides any field.
//
// A vocabulary the repository does not use is empty: no profile label (""), no access label prefix
// (""), no enforcement label (""). Posture then never asks for it.

export interface ProfileDefinition {
  name: string;
  ingress: string;
  egress: string;
  use: string;
}

export interface AccessLabelDefinition {
  /** Short name, e.g. "postgres"; the label key is `${accessLabelPrefix}${name}`. */
  name: string;
  resource: string;
  /** Namespace of the shared resource, or a Cilium entity such as kube-apiserver. */
  target: string;
  ports: number[];
}

export interface EnforcementAlert {
  name: string;
  /** How long enforcement must have been disabled before the alert fires. */
  afterMs: number;
}

export interface Conventions {
  /** "" when the repository has no profiles. */
  profileLabel: string;
  /** "" when the repository has no escape hatch. */
  enforcementLabel: string;
  enforcementDisabledValue: string;
  /** "" when the repository has no access labels. */
  accessLabelPrefix: string;
  accessLabelValue: string;
  /**
   * The namespace label (and value) the baselines select when enforcement is opt-in: a namespace
   * without it is selected by no baseline. Absent or null: the baselines select every pod.
   */
  baselineOptIn?: NamespaceLabel | null;
  profiles: ProfileDefinition[];
  accessLabels: AccessLabelDefinition[];
  platformNamespaces: string[];
  dnsTarget: PeerConvention & { ports: number[] };
  scrapeSource: PeerConvention;
  gateway: GatewayConvention;
  mesh: MeshConvention;
  profileGrants: ProfileGrant[];
  healthProbeCidr: string;
  /** Shown next to the command that re-enables enforcement. */
  escapeHatchRunbook: string;
  enforcementAlerts: { warning: EnforcementAlert; critical: EnforcementAlert };
  /** The CNI agent pods whose presence means policies are enforced at all. */
  cniAgent: PeerConvention;
}

export interface NamespaceLabel {
  key: string;
  value: string;
}

/** Pods of one namespace, optionally narrowed by pod labels (all must match). */
export interface PeerConvention {
  namespace: string;
  labels: Record<string, string>;
}

export interface GatewayConvention {
  namespace: string;
  /** Pod label whose value names the gateway. */
  nameLabel: string;
  internalName: string;
  externalName: string;
}

export interface MeshConvention {
  /** The ztunnel pods HBONE traffic goes to and comes from. */
  ztunnel: PeerConvention;
  hbonePort: number;
  /** Namespace label (and value) that puts a namespace in the ambient mesh. */
  dataplaneLabel: string;
  dataplaneValue: string;
}

/** What a profile opens, in terms drop classification can check. */
export interface ProfileGrant {
  profile: string;
  /** Gateway names (values of gateway.nameLabel) allowed to reach the namespace. */
  gatewayIngress: string[];
  /** Ports opened toward the world entity. */
  worldEgressPorts: number[];
}

export const DEFAULT_CONVENTIONS: Conventions = {
  profileLabel: "network-policy.homelab/profile",
  enforcementLabel: "network-policy.homelab/enforcement",
  enforcementDisabledValue: "disabled",
  accessLabelPrefix: "access.network-policy.homelab/",
  accessLabelValue: "true",
  profiles: [
    { name: "isolated", ingress: "none", egress: "DNS only", use: "batch jobs, workers" },
    { name: "internal", ingress: "internal gateway", egress: "DNS only", use: "internal dashboards" },
    {
      name: "internal-egress",
      ingress: "internal gateway",
      egress: "DNS + HTTPS",
      use: "internal apps calling external APIs",
    },
    {
      name: "standard",
      ingress: "internal + external gateway",
      egress: "DNS + HTTPS",
      use: "public web apps",
    },
  ],
  accessLabels: [
    { name: "postgres", resource: "PostgreSQL", target: "database", ports: [5432] },
    { name: "dragonfly", resource: "Dragonfly/Redis", target: "cache", ports: [6379] },
    { name: "garage-s3", resource: "Garage S3", target: "garage", ports: [3900] },
    { name: "kube-api", resource: "Kubernetes API", target: "kube-apiserver", ports: [6443, 443] },
  ],
  platformNamespaces: [
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "monitoring",
    "database",
    "cache",
    "garage",
    "istio-gateway",
    "istio-system",
    "flux-system",
    "cert-manager",
  ],
  dnsTarget: { namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, ports: [53] },
  scrapeSource: { namespace: "monitoring", labels: { "app.kubernetes.io/name": "prometheus" } },
  gateway: {
    namespace: "istio-gateway",
    nameLabel: "gateway.networking.k8s.io/gateway-name",
    internalName: "internal",
    externalName: "external",
  },
  mesh: {
    ztunnel: { namespace: "istio-system", labels: { app: "ztunnel" } },
    hbonePort: 15008,
    dataplaneLabel: "istio.io/dataplane-mode",
    dataplaneValue: "ambient",
  },
  profileGrants: [
    { profile: "isolated", gatewayIngress: [], worldEgressPorts: [] },
    { profile: "internal", gatewayIngress: ["internal"], worldEgressPorts: [] },
    { profile: "internal-egress", gatewayIngress: ["internal"], worldEgressPorts: [443] },
    { profile: "standard", gatewayIngress: ["internal", "external"], worldEgressPorts: [443] },
  ],
  healthProbeCidr: "169.254.0.0/16",
  escapeHatchRunbook: "docs/runbooks/network-policy-escape-hatch.md",
  enforcementAlerts: {
    warning: { name: "NetworkPolicyEnforcementDisabled", afterMs: 5 * 60_000 },
    critical: { name: "NetworkPolicyEnforcementDisabledLong", afterMs: 24 * 3_600_000 },
  },
  cniAgent: { namespace: "kube-system", labels: { "k8s-app": "cilium" } },
};

export function usesProfiles(conventions: Pick<Conventions, "profileLabel">): boolean {
  return conventions.profileLabel !== "";
}

export function usesAccessLabels(conventions: Pick<Conventions, "accessLabelPrefix">): boolean {
  return conventions.accessLabelPrefix !== "";
}

export function usesEscapeHatch(conventions: Pick<Conventions, "enforcementLabel">): boolean {
  return conventions.enforcementLabel !== "";
}
