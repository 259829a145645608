import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { FlowsView } from "@/components/FlowsView";

export const metadata: Metadata = { title: "Flows" };

export default function FlowsPage() {
  return (
    <>
      <ConnectionStatusBar />
      <Suspense>
        <FlowsView />
      </Suspense>
    </>
  );
}
