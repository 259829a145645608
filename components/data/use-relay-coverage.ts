"use client";

import type { HubbleStatusView } from "@/lib/api/responses";
import { relayCoversWindow } from "@/lib/status/source-health";
import { useStatus } from "./use-status";

export interface RelayCoverage {
  /** Null while the status is loading. True only when every flow of the window reached Sieve. */
  complete: boolean | null;
  /** The relay's state as the watchdog sees it; null when not configured or a preview. */
  relay: HubbleStatusView | null;
}

/** Whether the relay delivered the whole of the last `windowMs`: only then may a view say "no drops". */
export function useRelayCoverage(windowMs: number): RelayCoverage {
  const status = useStatus();
  const hubble = status.data?.hubble ?? null;
  if (!status.data || !hubble) return { complete: null, relay: null };
  if (!hubble.source) return { complete: false, relay: hubble };
  return {
    complete: relayCoversWindow(
      { health: hubble.source, coveredSince: hubble.coveredSince, gaps: hubble.gaps },
      status.data.now,
      windowMs,
    ),
    relay: hubble,
  };
}
