// The labelling conventions Sieve understands. Defaults follow the platform's network-policy
// runbook; every value can be overridden through configuration.

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

export interface Conventions {
  profileLabel: string;
  enforcementLabel: string;
  enforcementDisabledValue: string;
  accessLabelPrefix: string;
  accessLabelValue: string;
  profiles: ProfileDefinition[];
  accessLabels: AccessLabelDefinition[];
  platformNamespaces: string[];
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
    { name: "standard", ingress: "internal + external gateway", egress: "DNS + HTTPS", use: "public web apps" },
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
};
