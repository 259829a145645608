import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { DropsView } from "@/components/DropsView";

export const metadata: Metadata = { title: "Drops" };

export default function DropsPage() {
  // The status bar hydrates with the view, in one pass: a query answered between two passes would
  // render data the server did not (React error #418).
  return (
    <>
      <Suspense fallback={<p className="mt-4 text-slate-500">Loading drops…</p>}>
        <ConnectionStatusBar />
        <DropsView />
      </Suspense>
    </>
  );
}
