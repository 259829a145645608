import type { Metadata } from "next";
import { Suspense } from "react";
import { preload } from "react-dom";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { GraphExplorer } from "@/components/GraphExplorer";
import { apiPaths } from "@/lib/api/api-paths";
import { graphApiQuery, parseGraphViewState } from "@/lib/graph/graph-url-state";
import { viewDefaults } from "@/server/view-defaults";

// The root layout's title template names pages below it, not the page beside it.
export const metadata: Metadata = { title: { absolute: "Graph — Sieve" } };

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  // The graph's first answer is asked for as soon as the HTML arrives, not once the page's scripts
  // have run: the same address GraphExplorer fetches first, so the browser hands it the preload.
  const { state } = parseGraphViewState(await searchParams, viewDefaults().windowMs);
  preload(apiPaths.graph(graphApiQuery(state)), { as: "fetch", crossOrigin: "anonymous" });
  // The status bar hydrates with the view, in one pass: a query answered between two passes would
  // render data the server did not (React error #418).
  return (
    <>
      <Suspense fallback={<p className="mt-4 text-slate-500">Loading the graph…</p>}>
        <ConnectionStatusBar />
        <GraphExplorer />
      </Suspense>
    </>
  );
}
