// GitOps changes in words, for fix summaries and proof sentences.

import type { CnpRule, GitOpsChange } from "@/lib/gitops/change";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function describeCnpRule(rule: CnpRule, direction: "ingress" | "egress"): string {
  const preposition = direction === "ingress" ? "from" : "to";
  const peers = [
    ...(rule.entities ?? []).map((e) => (e === "world" ? "world" : `entity ${e}`)),
    ...(rule.cidrs ?? []).map((c) => `CIDR ${c}`),
    ...(rule.endpoints ?? []).map((labels) => {
      const { "io.kubernetes.pod.namespace": namespace, ...rest } = labels;
      const pods = Object.entries(rest).map(([k, v]) => `${k}=${v}`);
      if (namespace === undefined) return `pods ${pods.join(",")}`;
      return pods.length > 0 ? `${namespace} pods ${pods.join(",")}` : `all pods in ${namespace}`;
    }),
  ];
  const ports = rule.ports?.length ? rule.ports.map((p) => `${p.port}/${p.protocol}`).join(", ") : "any port";
  return `${direction} ${preposition} ${peers.join(" or ")} on ${ports}`;
}

/** "set access.network-policy.homelab/postgres=true on namespace app", "add 2 rules to …". */
export function describeChange(change: GitOpsChange): string {
  switch (change.type) {
    case "set-namespace-labels": {
      const parts: string[] = [];
      const set = Object.entries(change.set).map(([k, v]) => `${k}=${v}`);
      if (set.length > 0) parts.push(`set ${set.join(", ")}`);
      if (change.remove.length > 0) parts.push(`remove ${change.remove.join(", ")}`);
      return `${parts.join(" and ")} on namespace ${change.namespace}`;
    }
    case "add-cnp-rules": {
      const rules = [
        ...(change.ingress ?? []).map((r) => describeCnpRule(r, "ingress")),
        ...(change.egress ?? []).map((r) => describeCnpRule(r, "egress")),
      ];
      return `add ${plural(rules.length, "rule")} to the platform CNP of ${change.namespace} (${rules.join("; ")})`;
    }
    case "add-platform-cnp": {
      const extra = [
        ...(change.extraRules?.ingress ?? []).map((r) => describeCnpRule(r, "ingress")),
        ...(change.extraRules?.egress ?? []).map((r) => describeCnpRule(r, "egress")),
      ];
      const more = extra.length > 0 ? `, plus ${extra.join("; ")}` : "";
      return `create the platform CNP of ${change.namespace} (template rules, metrics port ${change.metricsPort}${change.ambient ? ", HBONE" : ""}${more})`;
    }
  }
}

export function describeChanges(changes: readonly GitOpsChange[]): string {
  return changes.map(describeChange).join(", then ");
}
