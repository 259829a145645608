import { ConnectionStatusBar } from "@/components/ConnectionStatusBar";
import { NamespaceOverview } from "@/components/NamespaceOverview";
import { TIME_WINDOWS_MS } from "@/components/TimeWindowPicker";
import { parseDuration } from "@/lib/config/duration";

const DEFAULT_WINDOW_MS = 5 * 60_000;

export default async function NamespacesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { window } = await searchParams;
  const requested = typeof window === "string" ? parseDuration(window) : null;
  const windowMs = requested !== null && TIME_WINDOWS_MS.includes(requested) ? requested : DEFAULT_WINDOW_MS;
  return (
    <>
      <ConnectionStatusBar />
      <NamespaceOverview windowMs={windowMs} />
    </>
  );
}
