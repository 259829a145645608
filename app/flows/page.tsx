import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { FlowsView } from "@/components/FlowsView";

export const metadata: Metadata = { title: "Flows" };

export default function FlowsPage() {
  // The status bar hydrates with the view, in one pass: a query answered between two passes would
  // render data the server did not (React error #418).
  return (
    <>
      <Suspense>
        <ConnectionStatusBar />
        <FlowsView />
      </Suspense>
    </>
  );
}
