import type { NamespaceRow } from "@/lib/api/responses";
import type { Conventions } from "@/lib/conventions/conventions";
import type { Namespace } from "@/lib/kube/types";
import { summarizeNamespaceLabels } from "./namespace-labels";

/** One row per namespace, sorted by name: what its labels say under the conventions. */
export function buildNamespaceRows(
  namespaces: readonly Namespace[],
  conventions: Conventions,
): NamespaceRow[] {
  return namespaces
    .map((ns) => {
      const summary = summarizeNamespaceLabels(
        ns.metadata.name,
        ns.metadata.labels ?? {},
        ns.metadata.annotations ?? {},
        conventions,
      );
      return {
        name: summary.name,
        kind: summary.kind,
        profile: summary.profile,
        profileKnown: summary.profileDefinition !== null,
        profileIngress: summary.profileDefinition?.ingress ?? null,
        profileEgress: summary.profileDefinition?.egress ?? null,
        accessLabels: summary.accessLabels.map(({ name, resource, target, ports }) => ({
          name,
          resource,
          target,
          ports,
        })),
        enforcementDisabled: summary.enforcementDisabled,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
