import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { GraphExplorer } from "@/components/GraphExplorer";

// The root layout's title template names pages below it, not the page beside it.
export const metadata: Metadata = { title: { absolute: "Graph — Sieve" } };

export default function HomePage() {
  return (
    <>
      <ConnectionStatusBar />
      <Suspense fallback={<p className="mt-4 text-slate-500">Loading the graph…</p>}>
        <GraphExplorer />
      </Suspense>
    </>
  );
}
