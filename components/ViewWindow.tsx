"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { ViewDefaults } from "@/lib/api/query-params";
import { viewWindowOf, type ViewWindow } from "@/lib/api/view-window";
import { DEFAULT_GRAPH_WINDOW_MS } from "@/lib/graph/graph-window";

// The configured default window (SIEVE_FLOW_WINDOW) reaches the browser once, from the layout; every
// view reads its window through useViewWindow, so all of them count over the same one.

const ViewDefaultsContext = createContext<ViewDefaults>({ windowMs: DEFAULT_GRAPH_WINDOW_MS });

export function ViewDefaultsProvider({
  defaults,
  children,
}: {
  defaults: ViewDefaults;
  children: ReactNode;
}) {
  return <ViewDefaultsContext.Provider value={defaults}>{children}</ViewDefaultsContext.Provider>;
}

export function useViewDefaults(): ViewDefaults {
  return useContext(ViewDefaultsContext);
}

/** The window the current address chooses (?window=, or ?since= on /flows), else the configured one. */
export function useViewWindow(): ViewWindow & { defaultWindowMs: number } {
  const pathname = usePathname();
  const params = useSearchParams();
  const { windowMs: defaultWindowMs } = useViewDefaults();
  return useMemo(
    () => ({
      ...viewWindowOf(pathname, new URLSearchParams(params.toString()), defaultWindowMs),
      defaultWindowMs,
    }),
    [pathname, params, defaultWindowMs],
  );
}
