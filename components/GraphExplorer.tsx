"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useRef } from "react";
import {
  parseGraphViewState,
  serializeGraphViewState,
  type GraphViewState,
} from "@/lib/graph/graph-url-state";
import { useGraph } from "./data/use-graph";
import { DroppingEdgesList } from "./DroppingEdgesList";
import { EdgePanel } from "./EdgePanel";
import { NamespaceGraph, type NamespaceGraphHandle } from "./graph/NamespaceGraph";
import { GraphLegend } from "./GraphLegend";
import { GraphToolbar } from "./GraphToolbar";
import { NodePanel } from "./NodePanel";

/** Home: the live namespace/flow graph with its filters and the panel of what is selected. */
export function GraphExplorer() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { state, problems } = useMemo(() => parseGraphViewState(searchParams.toString()), [searchParams]);
  const dataQuery = serializeGraphViewState({ ...state, selected: null });
  const graph = useGraph(dataQuery);
  const graphRef = useRef<NamespaceGraphHandle>(null);

  const navigate = useCallback(
    (next: GraphViewState) => {
      const query = serializeGraphViewState(next);
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  const onSelect = useCallback(
    (selection: { type: "node" | "edge"; id: string } | null) =>
      navigate({ ...state, selected: selection ? { kind: selection.type, id: selection.id } : null }),
    [navigate, state],
  );
  const exportPng = () => {
    const png = graphRef.current?.exportPng();
    if (!png) return;
    const link = document.createElement("a");
    link.href = png;
    link.download = `sieve-graph-${new Date().toISOString().replace(/[:.]/g, "-")}.png`;
    link.click();
  };

  const nodes = graph.data?.nodes ?? [];
  const edges = graph.data?.edges ?? [];
  const knownNamespaces = nodes.flatMap((n) => (n.namespace ? [n.namespace] : []));
  const selectedNode =
    state.selected?.kind === "node" ? nodes.find((n) => n.id === state.selected?.id) : undefined;
  const dropEdges = edges.filter((e) => e.dropped + e.audited > 0).length;

  return (
    <section aria-label="Flow graph" className="mt-4 flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">Flows between namespaces</h1>
        <p className="text-sm text-slate-600" data-testid="graph-summary">
          {nodes.length} nodes · {edges.length} edges ·{" "}
          <span className="text-red-700">{dropEdges} dropping</span>
        </p>
      </div>
      <GraphToolbar
        state={state}
        knownNamespaces={knownNamespaces}
        onChange={navigate}
        onExportPng={exportPng}
      />
      {problems.length > 0 && (
        <p
          role="status"
          className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900"
        >
          Ignored in the address: {problems.map((p) => `${p.param} “${p.value}” (${p.problem})`).join("; ")}
        </p>
      )}
      {graph.isError && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900">
          Could not load the graph: {graph.error.message}
          {graph.data ? " (showing the last answer)" : ""}
        </p>
      )}
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-[1fr_24rem]">
        <div className="flex flex-col gap-2">
          <NamespaceGraph
            ref={graphRef}
            nodes={nodes}
            edges={edges}
            selectedId={state.selected?.id ?? null}
            onSelect={onSelect}
          />
          <GraphLegend profiles={graph.data?.profiles ?? []} />
        </div>
        <aside className="max-h-[75vh] overflow-y-auto rounded border border-slate-200 p-3 dark:border-slate-800">
          {state.selected?.kind === "edge" ? (
            <EdgePanel edgeId={state.selected.id} windowMs={state.windowMs} />
          ) : selectedNode ? (
            <NodePanel node={selectedNode} windowMs={state.windowMs} />
          ) : (
            <div className="flex flex-col gap-2">
              <p className="text-sm text-slate-600">
                Click a namespace for its connectivity checklist, or a red edge for the dropped flows, their
                likely cause and the fix.
              </p>
              <h2 className="font-medium">Edges with drops</h2>
              <DroppingEdgesList
                nodes={nodes}
                edges={edges}
                selectedId={null}
                onSelect={(id) => onSelect({ type: "edge", id })}
              />
            </div>
          )}
        </aside>
      </div>
    </section>
  );
}
