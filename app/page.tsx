import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { GraphExplorer } from "@/components/GraphExplorer";

export const metadata: Metadata = { title: "Graph" };

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
