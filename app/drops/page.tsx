import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { DropsView } from "@/components/DropsView";

export const metadata: Metadata = { title: "Drops" };

export default function DropsPage() {
  return (
    <>
      <ConnectionStatusBar />
      <Suspense fallback={<p className="mt-4 text-slate-500">Loading drops…</p>}>
        <DropsView />
      </Suspense>
    </>
  );
}
