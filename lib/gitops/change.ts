// The changes Sieve proposes to a GitOps repository. They arrive already decided (by the policy
// evaluator's fix proposal); this module only names them and checks that every value in them is
// something Kubernetes itself would accept, since they come from the cluster and the browser.

import { isLabelKey, isLabelValue, isNamespaceName } from "./k8s-names";

/** Set and remove labels on one namespace, in the namespaces file. */
export interface SetNamespaceLabels {
  type: "set-namespace-labels";
  namespace: string;
  set: Record<string, string>;
  remove: string[];
}

export type CnpProtocol = "TCP" | "UDP" | "SCTP" | "ANY";

/** One CiliumNetworkPolicy rule, direction-free: `from*` keys on ingress, `to*` on egress. */
export interface CnpRule {
  /** A one-line comment written above the rule. */
  comment?: string;
  entities?: string[];
  cidrs?: string[];
  /** Each entry is one `matchLabels` selector. */
  endpoints?: Array<Record<string, string>>;
  ports?: Array<{ port: number; protocol: CnpProtocol }>;
}

export interface CnpRules {
  ingress?: CnpRule[];
  egress?: CnpRule[];
}

/** Create the hand-crafted platform CNP `<namespace>.yaml` and list it in the kustomization. */
export interface AddPlatformCnp {
  type: "add-platform-cnp";
  namespace: string;
  description: string;
  metricsPort: number;
  ambient: boolean;
  extraRules?: CnpRules;
}

/** Append rules (e.g. HBONE) to the namespace's existing platform CNP file. */
export interface AddCnpRules {
  type: "add-cnp-rules";
  namespace: string;
  ingress?: CnpRule[];
  egress?: CnpRule[];
}

export type GitOpsChange = SetNamespaceLabels | AddPlatformCnp | AddCnpRules;

const ENTITY = /^[a-z][a-z0-9-]*$/;
const CIDR = /^[0-9a-fA-F:.]+\/\d{1,3}$/;
const PROTOCOLS: readonly string[] = ["TCP", "UDP", "SCTP", "ANY"];

function ruleProblem(rule: CnpRule, where: string): string | null {
  for (const entity of rule.entities ?? []) {
    if (!ENTITY.test(entity)) return `${where}: "${entity}" is not a Cilium entity name`;
  }
  for (const cidr of rule.cidrs ?? []) {
    if (!CIDR.test(cidr)) return `${where}: "${cidr}" is not a CIDR`;
  }
  for (const selector of rule.endpoints ?? []) {
    for (const [key, value] of Object.entries(selector)) {
      if (!isLabelKey(key) || !isLabelValue(value))
        return `${where}: selector ${key}=${value} is not a valid label`;
    }
  }
  for (const { port, protocol } of rule.ports ?? []) {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return `${where}: port ${port} is outside 1-65535`;
    if (!PROTOCOLS.includes(protocol)) return `${where}: protocol ${protocol} is not TCP, UDP, SCTP or ANY`;
  }
  const peers = (rule.entities?.length ?? 0) + (rule.cidrs?.length ?? 0) + (rule.endpoints?.length ?? 0);
  if (peers === 0) return `${where}: a rule needs at least one peer (entity, CIDR or endpoint selector)`;
  return null;
}

function rulesProblem(rules: CnpRules): string | null {
  for (const direction of ["ingress", "egress"] as const) {
    for (const [i, rule] of (rules[direction] ?? []).entries()) {
      const problem = ruleProblem(rule, `${direction} rule ${i + 1}`);
      if (problem) return problem;
    }
  }
  return null;
}

/** Null when the change is well-formed, otherwise one line saying what is wrong. */
export function changeProblem(change: GitOpsChange): string | null {
  if (!isNamespaceName(change.namespace)) {
    return `"${change.namespace}" is not a valid namespace name (RFC 1123 label)`;
  }
  switch (change.type) {
    case "set-namespace-labels": {
      for (const [key, value] of Object.entries(change.set)) {
        if (!isLabelKey(key)) return `"${key}" is not a valid label key`;
        if (!isLabelValue(value)) return `"${value}" is not a valid value for label ${key}`;
      }
      for (const key of change.remove) {
        if (!isLabelKey(key)) return `"${key}" is not a valid label key`;
        if (Object.hasOwn(change.set, key)) return `label ${key} is both set and removed`;
      }
      return null;
    }
    case "add-platform-cnp": {
      const port = change.metricsPort;
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        return `metrics port ${port} is outside 1-65535`;
      return change.extraRules ? rulesProblem(change.extraRules) : null;
    }
    case "add-cnp-rules":
      if ((change.ingress?.length ?? 0) + (change.egress?.length ?? 0) === 0) return "no rules to add";
      return rulesProblem(change);
  }
}
