"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { formatDuration } from "@/lib/config/duration";
import { inWindowText } from "@/lib/flows/verdict-text";
import { detailSentence, type GraphDetail } from "@/lib/graph/graph-detail";
import { graphApiQuery, parseGraphViewState, type GraphViewState } from "@/lib/graph/graph-url-state";
import { useGraph } from "./data/use-graph";
import { useRelayCoverage } from "./data/use-relay-coverage";
import { DroppingEdgesList } from "./DroppingEdgesList";
import { EdgePanel } from "./EdgePanel";
import { composeExportImage } from "./graph/compose-export-image";
import { exportCaption, exportFileName } from "./graph/graph-export";
import { historyStep } from "./graph/graph-history";
import { graphLegendEntries, nodeGroupsSentence } from "./graph/graph-legend-entries";
import { NamespaceGraph, type GraphRenderer, type NamespaceGraphHandle } from "./graph/NamespaceGraph";
import { LARGE_GRAPH_EDGES } from "./graph/graph-style";
import { webgl2Support } from "./graph/webgl-support";
import { GraphNodeList } from "./GraphElementList";
import { GraphLegend } from "./GraphLegend";
import { GraphToolbar } from "./GraphToolbar";
import { NodePanel } from "./NodePanel";
import { useViewDefaults } from "./ViewWindow";
import { useEscapeKey } from "./use-escape-key";

/** Home: the live namespace/flow graph with its filters and the panel of what is selected. */
export function GraphExplorer() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { windowMs: defaultWindowMs } = useViewDefaults();
  const { state, problems } = useMemo(
    () => parseGraphViewState(searchParams.toString(), defaultWindowMs),
    [searchParams, defaultWindowMs],
  );
  // The API is told the window always, so its own default never decides what the page shows.
  const dataQuery = graphApiQuery(state);
  /** Draw every edge, past the level of detail: the API is asked for everything. */
  const [drawAll, setDrawAll] = useState(false);
  /** Whether the last answer left something out; then the selection is asked for by name. */
  const [limited, setLimited] = useState(false);
  const keep = limited && !drawAll ? (state.selected?.id ?? null) : null;
  const graph = useGraph(dataQuery, { all: drawAll, keep });
  const answeredLimited = graph.data?.detail.limited;
  if (answeredLimited !== undefined && answeredLimited !== limited) setLimited(answeredLimited);
  const graphRef = useRef<NamespaceGraphHandle>(null);
  const panelRef = useRef<HTMLElement>(null);
  /** The control that opened the panel, to give the focus back when it closes. */
  const opener = useRef<HTMLElement | null>(null);
  const focusPanel = useRef(false);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const rendererParam = searchParams.get("renderer");

  // Every selection and filter is a step in the history, so Back and Forward walk through them.
  const navigate = useCallback(
    (next: GraphViewState) => {
      const href = historyStep(pathname, state, next, defaultWindowMs);
      if (href !== null) router.push(href, { scroll: false });
    },
    [router, pathname, state, defaultWindowMs],
  );
  const onSelect = useCallback(
    (selection: { type: "node" | "edge"; id: string } | null) => {
      if (selection) {
        const active = document.activeElement;
        opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
        focusPanel.current = true;
      }
      setHighlightId(null);
      navigate({ ...state, selected: selection ? { kind: selection.type, id: selection.id } : null });
    },
    [navigate, state],
  );
  /** Where the focus goes once the panel has closed. */
  const returnFocus = useRef<{ element: HTMLElement | null; selectedId: string } | null>(null);
  const closePanel = useCallback(() => {
    if (state.selected) returnFocus.current = { element: opener.current, selectedId: state.selected.id };
    opener.current = null;
    navigate({ ...state, selected: null });
  }, [navigate, state]);

  const selected = state.selected;
  useEscapeKey(selected !== null, closePanel);
  useEffect(() => {
    if (selected && focusPanel.current) {
      focusPanel.current = false;
      panelRef.current?.focus();
    }
    if (!selected && returnFocus.current) {
      // The control that opened the panel, or its twin in the lists that replaced the panel.
      const { element, selectedId } = returnFocus.current;
      returnFocus.current = null;
      const id = CSS.escape(selectedId);
      const target = element?.isConnected
        ? element
        : (document.querySelector<HTMLElement>(`[data-edge-id="${id}"], [data-node-id="${id}"]`) ??
          panelRef.current);
      target?.focus();
    }
  }, [selected]);

  const nodes = useMemo(() => graph.data?.nodes ?? [], [graph.data]);
  const edges = useMemo(() => graph.data?.edges ?? [], [graph.data]);
  const labels = useMemo(() => new Map(nodes.map((n) => [n.id, n.label])), [nodes]);
  // What the API answered is what is drawn; `detail` says what it left out.
  const detail = graph.data?.detail ?? NOTHING_LEFT_OUT;
  const detailText = detailSentence(detail);
  // A big drawing is drawn for speed (graph-style, NamespaceGraph's `large`); it stays big until it
  // shrinks well below the threshold, so a graph near it is not drawn afresh at each refresh.
  const [large, setLarge] = useState(false);
  const nowLarge = edges.length > LARGE_GRAPH_EDGES || (large && edges.length > LARGE_GRAPH_EDGES * 0.8);
  if (nowLarge !== large) setLarge(nowLarge);
  // WebGL where asked (`?renderer=webgl`) or, for big drawings, where a GPU draws it; else the 2D
  // canvas. Software WebGL (no GPU) is no faster than the canvas. The browser is asked (a WebGL
  // context made and lost) only when its answer can change the choice.
  const mayUseWebgl = rendererParam === "webgl" || (rendererParam !== "canvas" && nowLarge);
  const webgl = useSyncExternalStore(noChanges, mayUseWebgl ? webgl2Support : noWebgl, noWebgl);
  const renderer: GraphRenderer =
    webgl.available && (rendererParam === "webgl" || (mayUseWebgl && webgl.hardware)) ? "webgl" : "canvas";
  const knownNamespaces = useMemo(() => nodes.flatMap((n) => (n.namespace ? [n.namespace] : [])), [nodes]);
  const selectedNode = selected?.kind === "node" ? nodes.find((n) => n.id === selected.id) : undefined;
  const dropEdges = edges.filter(
    (e) =>
      e.dropped + e.audited > 0 && e.recoveredSince === undefined && e.recoveryUnknownAfter === undefined,
  ).length;
  const recoveredEdges = edges.filter((e) => e.recoveredSince !== undefined).length;
  const unknownEdges = edges.filter((e) => e.recoveryUnknownAfter !== undefined).length;
  const filtered = state.namespaces.length > 0 || state.verdicts.length > 0;
  const loaded = graph.data !== undefined && !graph.isPlaceholderData;
  /** The counts of the summary; "…" before the first answer, which is no claim of zero. */
  const counts =
    graph.data === undefined
      ? { nodes: "…", edges: "…", dropping: "…" }
      : {
          nodes: detail.totalNodes.toLocaleString("en-US"),
          edges: detail.totalEdges.toLocaleString("en-US"),
          dropping: dropEdges,
        };
  const coverage = useRelayCoverage(state.windowMs);
  const window = formatDuration(state.windowMs);
  // An empty graph is an observation only when the relay delivered the whole window.
  const emptyMessage =
    loaded && nodes.length === 0
      ? coverage.complete !== true
        ? `No flows received in the last ${window}, and the relay did not deliver all of it: nothing can be concluded.`
        : filtered
          ? `Nothing matches these filters in the last ${window}. Remove a filter or widen the window.`
          : `No flows in the last ${window}.`
      : null;

  // Thousands of buttons on a big graph: built again only when the graph or the selection
  // handler changes, not on every hover.
  const windowMs = state.windowMs;
  const contentLists = useMemo(
    () => (
      <div className="flex flex-col gap-2">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Click a namespace for its connectivity checklist, or a red edge for the dropped flows, their likely
          cause and the fix. The lists below hold the same nodes and edges.
        </p>
        <h2 className="font-medium">Edges with drops {inWindowText(windowMs)}</h2>
        <DroppingEdgesList
          nodes={nodes}
          edges={edges}
          selectedId={null}
          onSelect={(id) => onSelect({ type: "edge", id })}
          onHighlight={setHighlightId}
          windowMs={windowMs}
        />
        <GraphNodeList
          nodes={nodes}
          totalNodes={detail.totalNodes}
          edges={edges}
          onSelect={(id) => onSelect({ type: "node", id })}
          onHighlight={setHighlightId}
        />
      </div>
    ),
    [nodes, edges, onSelect, windowMs, detail.totalNodes],
  );

  const exportPng = async () => {
    const drawn = graphRef.current?.exportPng();
    if (!drawn) return;
    const now = Date.now();
    const image = await composeExportImage({
      graphPng: drawn.dataUrl,
      theme: drawn.theme,
      caption: exportCaption({
        state,
        now,
        nodes: detail.totalNodes,
        edges: detail.totalEdges,
        detail: detailText,
        droppingEdges: dropEdges,
      }),
      legend: graphLegendEntries(graph.data?.profiles ?? []),
      groups: nodeGroupsSentence(nodes.length),
    });
    const link = document.createElement("a");
    link.href = image;
    link.download = exportFileName(now);
    link.click();
  };

  return (
    <section aria-label="Flow graph" className="mt-4 flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">Flows between namespaces</h1>
        <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="graph-summary">
          {counts.nodes} nodes · {counts.edges} edges ·{" "}
          <span className="text-red-700 dark:text-red-400">{counts.dropping} dropping</span>
          {recoveredEdges > 0 && (
            <span className="text-emerald-800 dark:text-emerald-300"> · {recoveredEdges} recovered</span>
          )}
          {unknownEdges > 0 && <span> · {unknownEdges} stopped dropping, recovery unknown</span>}{" "}
          {inWindowText(state.windowMs)}
        </p>
      </div>
      <GraphToolbar
        state={state}
        knownNamespaces={knownNamespaces}
        onChange={navigate}
        onExportPng={() => void exportPng()}
      />
      {problems.length > 0 && (
        <p
          role="status"
          className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          Ignored in the address: {problems.map((p) => `${p.param} “${p.value}” (${p.problem})`).join("; ")}
        </p>
      )}
      {graph.isError && (
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 px-2 py-1 text-sm text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
        >
          Could not load the graph: {graph.error.message}
          {graph.data ? " (showing the last answer)" : ""}
        </p>
      )}
      <div className="grid min-w-0 grid-cols-1 gap-3 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="flex min-w-0 flex-col gap-2">
          {(detailText !== null || drawAll) && (
            <p
              role="status"
              data-testid="graph-detail"
              className="flex flex-wrap items-baseline gap-2 text-sm text-slate-700 dark:text-slate-300"
            >
              {detailText ??
                `Drawing all ${detail.totalEdges.toLocaleString("en-US")} edges: panning may be slow.`}
              <button
                type="button"
                onClick={() => setDrawAll(!drawAll)}
                className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
              >
                {drawAll
                  ? "Draw the most important edges only"
                  : `Show all ${detail.totalEdges.toLocaleString("en-US")} edges`}
              </button>
            </p>
          )}
          {graph.data === undefined ? (
            // The canvas waits for the first answer: its size decides how it is drawn (`large`,
            // the renderer), and a drawing started empty would be made again for a big graph.
            <div
              data-testid="graph-loading"
              className="flex h-[70vh] min-h-[360px] w-full items-center justify-center rounded border border-slate-200 bg-white text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
            >
              {graph.error ? "No graph to draw yet." : <span role="status">Loading the graph…</span>}
            </div>
          ) : (
            <NamespaceGraph
              key={`${renderer}-${large ? "large" : "small"}`}
              ref={graphRef}
              renderer={renderer}
              large={large}
              nodes={nodes}
              edges={edges}
              selectedId={selected?.id ?? null}
              highlightId={highlightId}
              fitKey={loaded ? dataQuery : null}
              emptyMessage={emptyMessage}
              onSelect={onSelect}
            />
          )}
          <GraphLegend profiles={graph.data?.profiles ?? []} nodeCount={nodes.length} />
        </div>
        <aside
          ref={panelRef}
          tabIndex={-1}
          aria-label={selected ? "Selection details" : "Graph contents"}
          className="max-h-[75vh] min-w-0 overflow-y-auto rounded border border-slate-200 p-3 focus:outline-2 focus:outline-blue-600 dark:border-slate-700"
          data-testid="graph-panel"
        >
          {selected && (
            <div className="mb-2 flex justify-end">
              <button
                type="button"
                onClick={closePanel}
                className="rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
              >
                Close <span className="sr-only">details</span>
                <span aria-hidden="true">(Esc)</span>
              </button>
            </div>
          )}
          {selected?.kind === "edge" ? (
            <EdgePanel edgeId={selected.id} windowMs={state.windowMs} />
          ) : selectedNode ? (
            <NodePanel
              node={selectedNode}
              windowMs={state.windowMs}
              edges={edges}
              edgesComplete={!detail.limited}
              labelOf={(id) => labels.get(id) ?? id}
              onSelectEdge={(id) => onSelect({ type: "edge", id })}
              onHighlight={setHighlightId}
            />
          ) : (
            contentLists
          )}
        </aside>
      </div>
    </section>
  );
}

const NO_WEBGL = { available: false, hardware: false };

const NOTHING_LEFT_OUT: GraphDetail = {
  limited: false,
  totalNodes: 0,
  totalEdges: 0,
  drawnNodes: 0,
  drawnEdges: 0,
  droppingEdges: 0,
  droppingEdgesDrawn: 0,
};

function noWebgl(): typeof NO_WEBGL {
  return NO_WEBGL;
}

/** WebGL support does not change while the page is open. */
function noChanges(): () => void {
  return () => {};
}
