import Link from "next/link";
import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";
import { ConnectivityChecklistPanel } from "./ConnectivityChecklistPanel";
import { NodeEdgeList } from "./GraphElementList";

const SPECIAL_PEERS: Record<string, string> = {
  world: "Anything outside the cluster (identity world).",
  "kube-apiserver": "The Kubernetes API server (entity kube-apiserver).",
  host: "The node itself (entity host).",
  "remote-node": "Other nodes of the cluster (entity remote-node).",
  health: "Cilium's health endpoints (entity health).",
  ingress: "Cilium's ingress proxy (identity ingress).",
  unknown: "Peers Hubble could not identify.",
  "other-namespaces": "Namespaces beyond the graph's node limit, drawn as one.",
};

interface NodeEdgesProps {
  node: DrawingNode;
  edges: DrawingEdge[];
  /** Whether `edges` is every edge of the graph, or only those drawn at the level of detail. */
  edgesComplete: boolean;
  labelOf(id: string): string;
  onSelectEdge(id: string): void;
  onHighlight(id: string | null): void;
}

/** The node's drops in and out, then every edge of it, each a way to open the edge. */
function NodeEdges({ node, edges, edgesComplete, labelOf, onSelectEdge, onHighlight }: NodeEdgesProps) {
  const incoming = edges.filter((e) => e.target === node.id);
  const outgoing = edges.filter((e) => e.source === node.id);
  const common = { onSelect: onSelectEdge, onHighlight };
  return (
    <div className="flex flex-col gap-2">
      <NodeEdgeList
        {...common}
        title={`Drops into ${node.label}`}
        edges={incoming.filter((e) => e.dropped > 0)}
        peerOf={(e) => `from ${labelOf(e.source)}`}
        testId="node-incoming-drops"
      />
      <NodeEdgeList
        {...common}
        title={`Drops from ${node.label}`}
        edges={outgoing.filter((e) => e.dropped > 0)}
        peerOf={(e) => `to ${labelOf(e.target)}`}
        testId="node-outgoing-drops"
      />
      <details>
        <summary className="cursor-pointer font-medium">
          {edgesComplete ? `All edges of ${node.label}` : `Edges of ${node.label} drawn`} (
          {new Set([...incoming, ...outgoing]).size})
        </summary>
        <NodeEdgeList
          {...common}
          title="Incoming"
          edges={incoming}
          peerOf={(e) => `from ${labelOf(e.source)}`}
          testId="node-incoming-edges"
        />
        <NodeEdgeList
          {...common}
          title="Outgoing"
          edges={outgoing}
          peerOf={(e) => `to ${labelOf(e.target)}`}
          testId="node-outgoing-edges"
        />
      </details>
    </div>
  );
}

/** A selected node: a namespace's labels and connectivity checklist, or what a special peer stands for. */
export function NodePanel({ node, windowMs, ...edgeProps }: { windowMs: number } & NodeEdgesProps) {
  if (node.kind !== "namespace" || node.namespace === null) {
    return (
      <section aria-label="Peer" className="flex flex-col gap-2 text-sm" data-testid="node-panel">
        <h2 className="font-semibold">{node.label}</h2>
        <p className="text-slate-700 dark:text-slate-300">{SPECIAL_PEERS[node.kind] ?? node.kind}</p>
        <NodeEdges node={node} {...edgeProps} />
        {node.dnsNames.length > 0 && (
          <div>
            <p className="font-medium">DNS names seen</p>
            <ul className="font-mono text-xs">
              {node.dnsNames.map((name) => (
                <li key={name}>{name}</li>
              ))}
            </ul>
          </div>
        )}
      </section>
    );
  }
  return (
    <section aria-label="Namespace" className="flex flex-col gap-3 text-sm" data-testid="node-panel">
      <header>
        <h2 className="font-mono font-semibold">{node.namespace}</h2>
        <p className="text-slate-700 dark:text-slate-300">
          {node.namespaceKind === "platform"
            ? "platform namespace (hand-crafted policy)"
            : node.profile
              ? `profile ${node.profile}`
              : "no profile: no ingress allowed"}
          {node.accessLabels.length > 0 && ` · access: ${node.accessLabels.join(", ")}`}
        </p>
        {node.enforcementDisabled && (
          <p className="font-semibold text-red-700 dark:text-red-400">
            Enforcement is disabled (escape hatch)
          </p>
        )}
        <Link
          className="text-blue-700 underline dark:text-blue-400"
          href={`/namespaces/${encodeURIComponent(node.namespace)}`}
        >
          Policy posture of {node.namespace}
        </Link>
      </header>
      <NodeEdges node={node} {...edgeProps} />
      <div>
        <h3 className="mb-1 font-medium">Connectivity checklist</h3>
        <ConnectivityChecklistPanel namespace={node.namespace} windowMs={windowMs} />
      </div>
    </section>
  );
}
