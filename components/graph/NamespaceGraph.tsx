"use client";

import cytoscape, { type Core, type CytoscapeOptions } from "cytoscape";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import { fadedIds } from "./graph-highlight";
import { fitViewport } from "./graph-geometry";
import { graphStylesheet, THEME_COLORS, type GraphTheme } from "./graph-style";
import { updateDrawing } from "./graph-update";
import { useColorScheme } from "./use-color-scheme";
import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";

export interface NamespaceGraphHandle {
  /** The current drawing as a PNG data URL at twice the screen resolution, on the theme's background. */
  exportPng(): { dataUrl: string; theme: GraphTheme } | null;
}

interface NamespaceGraphProps {
  nodes: DrawingNode[];
  edges: DrawingEdge[];
  selectedId: string | null;
  /** Highlighted from outside the canvas (the element list under the keyboard or the pointer). */
  highlightId: string | null;
  /**
   * Changes when the filters do: the drawing is laid out again and fitted. Null while the data
   * shown is still that of the previous filters.
   */
  fitKey: string | null;
  /** Said over the canvas when there is nothing to draw. */
  emptyMessage: string | null;
  onSelect(selection: { type: "node" | "edge"; id: string } | null): void;
  /** Fixed for the life of the component: give it a `key` that changes with it. */
  renderer?: GraphRenderer;
  /**
   * A big drawing (LARGE_GRAPH_EDGES): straight edges, fitted by its nodes' positions. Fixed for
   * the life of the component, as `renderer`. (cytoscape's textureOnViewport was measured here:
   * 1–5 frames/s against 12–19 without, each gesture drawing a texture of the whole view first.)
   */
  large?: boolean;
}

const FIT_PADDING = 30;
/**
 * On a big drawing, how long the pointer rests on an element before everything unattached dims:
 * dimming restyles thousands of elements, which a pointer sweeping across a dense graph would
 * otherwise do at every element it crosses (measured: 2,496 restyled per crossing at 2,000 edges).
 */
export const HOVER_INTENT_MS = 150;
/** Model units kept around each node's centre when fitting a big drawing: its shape and a short label. */
const FIT_MARGIN = 40;
const ZOOM_STEP = 1.25;

/**
 * Everything in view. A big drawing is fitted by its nodes' positions: at that zoom its labels are
 * too small to draw, and measuring them all is most of what cytoscape's own fit costs there.
 */
function fitDrawing(cy: Core, large: boolean): void {
  if (!large) {
    cy.fit(undefined, FIT_PADDING);
    return;
  }
  const viewport = fitViewport(
    cy.nodes().map((node) => node.position()),
    {
      width: cy.width(),
      height: cy.height(),
      padding: FIT_PADDING,
      minZoom: cy.minZoom(),
      maxZoom: cy.maxZoom(),
    },
    FIT_MARGIN,
  );
  if (viewport) cy.viewport(viewport);
}

/** Which of cytoscape's renderers draws: its 2D canvas, or WebGL (cytoscape ≥ 3.31) for big graphs. */
export type GraphRenderer = "canvas" | "webgl";

/**
 * The one wrapper around the cytoscape instance: created once, then fed diffs (added, removed and
 * changed elements), so positions, zoom and selection survive every refresh.
 */
export const NamespaceGraph = forwardRef<NamespaceGraphHandle, NamespaceGraphProps>(function NamespaceGraph(
  {
    nodes,
    edges,
    selectedId,
    highlightId,
    fitKey,
    emptyMessage,
    onSelect,
    renderer = "canvas",
    large = false,
  },
  ref,
) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const onSelectRef = useRef(onSelect);
  const fittedKey = useRef<string | null>(null);
  const largeRef = useRef(large);
  const drawnMarked = useRef(false);
  const theme = useColorScheme();
  const themeRef = useRef<GraphTheme>(theme);
  /** What the pointer is over on the canvas; it wins over the selection while it lasts. */
  const hovered = useRef<string | null>(null);
  const focusInputs = useRef({ selectedId, highlightId, nodes, edges });
  const applyFocus = useRef<() => void>(() => {});
  /** The data each drawn element was last given, to update only what changed on a refresh. */
  const drawnData = useRef(new Map<string, string>());
  const rendererRef = useRef(renderer);
  /** Elements drawn faded now, so that a new focus changes only those whose fading changes. */
  const fadedNow = useRef(new Set<string>());

  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  useImperativeHandle(ref, () => ({
    exportPng: () => {
      const cy = cyRef.current;
      if (!cy) return null;
      const dataUrl = cy.png({ full: true, scale: 2, bg: THEME_COLORS[themeRef.current].background });
      return { dataUrl, theme: themeRef.current };
    },
  }));

  useEffect(() => {
    const options: CytoscapeOptions & { renderer?: { name: "canvas"; webgl: boolean } } = {
      container: container.current,
      style: graphStylesheet({
        large: largeRef.current,
        theme: themeRef.current,
        renderer: rendererRef.current,
      }),
      layout: { name: "preset" },
      minZoom: 0.02,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
      selectionType: "single",
    };
    if (rendererRef.current === "webgl") options.renderer = { name: "canvas", webgl: true };
    const cy = cytoscape(options);
    const drawn = drawnData.current;
    applyFocus.current = () => {
      const { selectedId: selected, highlightId: highlight, nodes: n, edges: e } = focusInputs.current;
      // A refresh may have taken away what the pointer was over (no mouseout comes then).
      if (hovered.current !== null && cy.getElementById(hovered.current).empty()) hovered.current = null;
      const focus = hovered.current ?? highlight ?? selected;
      const faded = fadedIds(
        focus,
        n.map((node) => node.id),
        e,
      );
      // Only what changes: each class change restyles its element, thousands on a big graph.
      const before = fadedNow.current;
      cy.batch(() => {
        for (const id of before) if (!faded.has(id)) cy.getElementById(id).removeClass("faded");
        for (const id of faded) if (!before.has(id)) cy.getElementById(id).addClass("faded");
      });
      fadedNow.current = faded;
      const box = container.current;
      if (box) {
        box.dataset.focus = focus ?? "";
        box.dataset.fadedCount = String(faded.size);
      }
    };
    cy.on("tap", "node", (event) => onSelectRef.current({ type: "node", id: event.target.id() }));
    cy.on("tap", "edge", (event) => onSelectRef.current({ type: "edge", id: event.target.id() }));
    cy.on("tap", (event) => {
      if (event.target === cy) onSelectRef.current(null);
    });
    let hoverTimer: ReturnType<typeof setTimeout> | undefined;
    /** Focus on what the pointer is over (null: nothing), at once or, on a big drawing, once it rests. */
    const hover = (id: string | null, { now = false } = {}) => {
      clearTimeout(hoverTimer);
      const apply = () => {
        if (hovered.current === id) return;
        hovered.current = id;
        applyFocus.current();
      };
      if (largeRef.current && !now) hoverTimer = setTimeout(apply, HOVER_INTENT_MS);
      else apply();
    };
    cy.on("mouseover", "node, edge", (event) => {
      // Passing over elements while dragging the canvas is panning, not pointing at them: restyling
      // every element on each would cost frames.
      const pointer = event.originalEvent as MouseEvent | undefined;
      if (pointer && pointer.buttons !== 0) return;
      if (event.target.isEdge()) event.target.addClass("hovered");
      hover(event.target.id());
    });
    // Dragging a node is no hover: cytoscape sends no mouseout while the node is held.
    cy.on("grab", "node", () => clearTimeout(hoverTimer));
    cy.on("mouseout", "node, edge", (event) => {
      event.target.removeClass("hovered");
      hover(null);
    });
    // Leaving the canvas ends the hover even when the pointer leaves straight from a node.
    const box = container.current;
    const endHover = () => {
      cy.elements(".hovered").removeClass("hovered");
      hover(null, { now: true });
    };
    box?.addEventListener("mouseleave", endHover);
    cyRef.current = cy;
    return () => {
      box?.removeEventListener("mouseleave", endHover);
      clearTimeout(hoverTimer);
      cy.destroy();
      drawn.clear();
      cyRef.current = null;
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    themeRef.current = theme;
    cy.style(graphStylesheet({ large: largeRef.current, theme, renderer: rendererRef.current }));
  }, [theme]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    // New filters: lay the whole drawing out afresh, as if it were the first.
    const relayout = fitKey !== null && fittedKey.current !== fitKey && nodes.length > 0;
    updateDrawing(cy, nodes, edges, { relayout, drawnData: drawnData.current });
    if (relayout) {
      fitDrawing(cy, largeRef.current);
      fittedKey.current = fitKey;
    }
    if (!drawnMarked.current && nodes.length > 0) {
      drawnMarked.current = true;
      // The first frame with elements; bench/graph-paint.ts times the page by this mark. The WebGL
      // renderer emits no "render" event: its frame is drawn by the animation frame after the next.
      const markDrawn = () =>
        performance.mark("sieve:graph-drawn", {
          detail: { nodes: cy.nodes().length, edges: cy.edges().length },
        });
      if (rendererRef.current === "webgl") requestAnimationFrame(() => requestAnimationFrame(markDrawn));
      else cy.one("render", markDrawn);
    }
  }, [nodes, edges, fitKey]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.elements(":selected").unselect();
    if (selectedId) cy.getElementById(selectedId).select();
    focusInputs.current = { selectedId, highlightId, nodes, edges };
    applyFocus.current();
  }, [selectedId, highlightId, nodes, edges]);

  const zoomBy = (factor: number) => {
    const cy = cyRef.current;
    if (!cy) return;
    const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
    cy.zoom({ level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };
  const controlClass =
    "h-8 w-8 rounded border border-slate-300 bg-white text-base leading-none text-slate-800 shadow-sm hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700";

  return (
    <div className="relative">
      <div
        ref={container}
        data-testid="namespace-graph"
        data-node-count={nodes.length}
        data-edge-count={edges.length}
        data-renderer={renderer}
        className="h-[70vh] min-h-[360px] w-full rounded border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900"
        role="img"
        aria-label={`Namespace graph: ${nodes.length} nodes, ${edges.length} edges. The lists beside it hold the same nodes and edges.`}
      />
      {emptyMessage !== null && (
        <p
          role="status"
          data-testid="graph-empty"
          className="absolute inset-x-0 top-1/3 mx-auto w-fit max-w-[80%] rounded bg-slate-100 px-3 py-2 text-center text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-200"
        >
          {emptyMessage}
        </p>
      )}
      <div className="absolute top-2 right-2 flex flex-col gap-1" role="group" aria-label="Zoom">
        <button type="button" className={controlClass} aria-label="Zoom in" onClick={() => zoomBy(ZOOM_STEP)}>
          +
        </button>
        <button
          type="button"
          className={controlClass}
          aria-label="Zoom out"
          onClick={() => zoomBy(1 / ZOOM_STEP)}
        >
          −
        </button>
        <button
          type="button"
          className={`${controlClass} text-xs`}
          aria-label="Zoom to fit"
          onClick={() => {
            if (cyRef.current) fitDrawing(cyRef.current, largeRef.current);
          }}
        >
          ⤢
        </button>
      </div>
    </div>
  );
});
