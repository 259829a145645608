import type { Metadata } from "next";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { DropsView } from "@/components/DropsView";
import { WindowQuery } from "@/lib/api/query-params";
import { DEFAULT_GRAPH_WINDOW_MS, GRAPH_WINDOW_PRESETS_MS } from "@/lib/graph/graph-window";

export const metadata: Metadata = { title: "Drops" };

export default async function DropsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  // The same parser as /api/drops; the page offers only its presets and falls back to the default.
  const query = WindowQuery.safeParse(await searchParams);
  const windowMs =
    query.success && GRAPH_WINDOW_PRESETS_MS.includes(query.data.window)
      ? query.data.window
      : DEFAULT_GRAPH_WINDOW_MS;
  return (
    <>
      <ConnectionStatusBar />
      <DropsView windowMs={windowMs} />
    </>
  );
}
