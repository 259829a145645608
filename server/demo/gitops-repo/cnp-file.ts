import "server-only";
import { Document, isMap, isPair, isScalar, isSeq, Scalar, visit } from "yaml";
import type { CiliumNetworkPolicy } from "@/lib/kube/types";

// A CiliumNetworkPolicy as the file a person keeps in git, in the runbook template's style:
// only name and namespace in metadata, entity and CIDR lists inline, ports and CIDRs quoted,
// sequences indented under their key.

const INLINE_LISTS = new Set(["fromEntities", "toEntities", "fromCIDR", "toCIDR"]);
const QUOTED_VALUES = new Set(["description", "port"]);
const QUOTED_ITEMS = new Set(["fromCIDR", "toCIDR"]);

function keyOf(pair: unknown): string | null {
  return isPair(pair) && isScalar(pair.key) && typeof pair.key.value === "string" ? pair.key.value : null;
}

export function cnpFileText(policy: CiliumNetworkPolicy): string {
  const doc = new Document(
    {
      apiVersion: policy.apiVersion,
      kind: policy.kind,
      metadata: { name: policy.metadata.name, namespace: policy.metadata.namespace },
      spec: policy.spec,
    },
    // Rules share selector objects in memory; a person writes each one out.
    { aliasDuplicateObjects: false },
  );
  visit(doc, {
    Pair(_, pair) {
      const key = keyOf(pair);
      if (key === null) return;
      if (INLINE_LISTS.has(key) && isSeq(pair.value)) pair.value.flow = true;
      if (QUOTED_ITEMS.has(key) && isSeq(pair.value)) {
        for (const item of pair.value.items) if (isScalar(item)) item.type = Scalar.QUOTE_DOUBLE;
      }
      if (QUOTED_VALUES.has(key) && isScalar(pair.value)) pair.value.type = Scalar.QUOTE_DOUBLE;
      if (key === "endpointSelector" && isMap(pair.value) && pair.value.items.length === 0) {
        pair.value.flow = true;
      }
    },
  });
  return `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}
