"use client";

import { useSyncExternalStore } from "react";
import type { GraphTheme } from "./graph-style";

const QUERY = "(prefers-color-scheme: dark)";

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
}

/** The colour scheme the page is shown in (the system's, as the CSS follows it). */
export function useColorScheme(): GraphTheme {
  return useSyncExternalStore(
    subscribe,
    () => (window.matchMedia(QUERY).matches ? "dark" : "light"),
    () => "light",
  );
}
