import "server-only";

import { WATCH_EVENT_TYPES, type WatchEventType } from "@/lib/kube/types";

/** One line of a Kubernetes watch stream. */
export interface WatchEvent {
  type: WatchEventType;
  object: Record<string, unknown>;
}

const TYPES = new Set<string>(WATCH_EVENT_TYPES);

export function parseWatchEvent(line: string): WatchEvent {
  const value: unknown = JSON.parse(line);
  if (typeof value === "object" && value !== null) {
    const { type, object } = value as { type?: unknown; object?: unknown };
    if (typeof type === "string" && TYPES.has(type) && typeof object === "object" && object !== null) {
      return { type: type as WatchEventType, object: object as Record<string, unknown> };
    }
  }
  throw new Error(`malformed watch event: ${line.slice(0, 120)}`);
}
