import "server-only";
import type { ServerResponse } from "node:http";
import type { KindInfo } from "@/lib/kube/kinds";
import type { KubeObject, WatchEventType } from "@/lib/kube/types";
import type { DemoObjectStore, DemoStoreEvent } from "./object-store";
import type { ObjectFilter } from "./selectors";
import { statuses } from "./status";

export interface WatchRequest {
  info: KindInfo;
  /** Only objects that pass (namespace, labelSelector and fieldSelector together). */
  filter: ObjectFilter;
  /** Where to start; null streams the current objects as ADDED first, as for resourceVersion "" or "0". */
  resourceVersion: number | null;
  timeoutMs: number;
  bookmarks: boolean;
  bookmarkIntervalMs: number;
  /** Turns each event's object into what the client asked for (plain JSON or a Table row). */
  render: (object: KubeObject) => unknown;
  contentType: string;
}

/** Streams one watch as newline-delimited JSON events; returns a function that ends it. */
export function streamWatch(
  store: DemoObjectStore,
  response: ServerResponse,
  request: WatchRequest,
): () => void {
  const { info, filter } = request;
  response.writeHead(200, {
    "Content-Type": request.contentType,
    "Cache-Control": "no-cache, private",
    "Transfer-Encoding": "chunked",
  });
  response.flushHeaders();

  const send = (type: WatchEventType, object: unknown) => {
    if (!response.writableEnded) response.write(`${JSON.stringify({ type, object })}\n`);
  };
  const bookmark = () =>
    send("BOOKMARK", {
      kind: info.objectKind,
      apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
      metadata: { resourceVersion: String(store.resourceVersion()) },
    });

  // An update that moves an object in or out of the selection is an ADDED or DELETED for this watcher.
  const forward = (event: DemoStoreEvent) => {
    if (event.kind !== info.kind) return;
    const now = filter(event.object);
    const before = event.previous !== null && filter(event.previous);
    if (event.type === "DELETED") {
      if (before) send("DELETED", request.render(event.object));
    } else if (now && before) send("MODIFIED", request.render(event.object));
    else if (now) send("ADDED", request.render(event.object));
    else if (before) send("DELETED", request.render(event.object));
  };

  let unsubscribe = () => {};
  let ended = false;
  const timers: NodeJS.Timeout[] = [];
  const end = () => {
    if (ended) return;
    ended = true;
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };
  response.on("close", end);

  if (request.resourceVersion === null) {
    for (const object of store.list(info.kind)) if (filter(object)) send("ADDED", request.render(object));
  } else {
    const changes = store.changesSince(request.resourceVersion);
    if (changes === "expired") {
      send("ERROR", statuses.tooOldResourceVersion(request.resourceVersion, store.oldestResumable()));
      end();
      return end;
    }
    for (const change of changes) forward(change);
  }
  unsubscribe = store.subscribe(forward);

  timers.push(
    setTimeout(() => {
      // kube-apiserver sends a last bookmark before closing, so the client resumes from the newest point.
      if (request.bookmarks) bookmark();
      end();
    }, request.timeoutMs),
  );
  if (request.bookmarks) timers.push(setInterval(bookmark, request.bookmarkIntervalMs));
  return end;
}
