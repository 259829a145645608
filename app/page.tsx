import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { GraphExplorer } from "@/components/GraphExplorer";

// The root layout's title template names pages below it, not the page beside it.
export const metadata: Metadata = { title: { absolute: "Graph — Sieve" } };

export default function HomePage() {
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
