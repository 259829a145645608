import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { PostureOverview } from "@/components/PostureOverview";

export const metadata: Metadata = { title: "Namespaces" };

export default function NamespacesPage() {
  return (
    <>
      <ConnectionStatusBar />
      <Suspense fallback={<p className="mt-4 text-slate-500">Loading posture…</p>}>
        <PostureOverview />
      </Suspense>
    </>
  );
}
