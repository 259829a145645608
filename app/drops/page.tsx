import type { Metadata } from "next";
import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { DropsView } from "@/components/DropsView";
import { parseDuration } from "@/lib/config/duration";
import { DEFAULT_GRAPH_WINDOW_MS, GRAPH_WINDOW_PRESETS_MS } from "@/lib/graph/graph-window";

export const metadata: Metadata = { title: "Drops" };

export default async function DropsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { window } = await searchParams;
  const requested = typeof window === "string" ? parseDuration(window) : null;
  const windowMs =
    requested !== null && GRAPH_WINDOW_PRESETS_MS.includes(requested) ? requested : DEFAULT_GRAPH_WINDOW_MS;
  return (
    <>
      <ConnectionStatusBar />
      <DropsView windowMs={windowMs} />
    </>
  );
}
