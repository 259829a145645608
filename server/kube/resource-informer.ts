import "server-only";
import { collectionPath, type KindInfo } from "@/lib/kube/kinds";
import { slimObject } from "@/lib/kube/slim-object";
import type { KindObjectMap, KubeObject, WatchedKind } from "@/lib/kube/types";
import { BoundedCache } from "@/lib/hubble/bounded-cache";
import { failureKindOf, type SourceFailure } from "@/lib/status/source-health";
import { describeFailure, isGone, isNotFound, isTlsFailure, KubeApiError } from "./api-error";
import type { ApiTransport } from "./api-transport";
import type { Backoff } from "./backoff";
import { pause, type Clock } from "./clock";
import { ObjectStore } from "./object-store";
import type { WatchEvent } from "./watch-event";

export type KindSyncState = "pending" | "synced" | "absent" | "error";

export interface KindSyncStatus {
  kind: WatchedKind;
  state: KindSyncState;
  /** Last time (ms) the kind was known in sync: a list completed, or a watch event or bookmark arrived. */
  lastSyncedAt: number | null;
  /** One line, e.g. "403 Forbidden: pods is forbidden: …". */
  error: string | null;
  count: number;
  /** The last full list (or the CRD found absent). */
  syncedAt: number | null;
  /** The last watch event or bookmark. */
  lastEventAt: number | null;
  /** The last answer to the watchdog's probe (a list with limit=1). */
  lastProbeAt: number | null;
  /** The current run of failures, typed (401, 403, TLS, network); null while the kind works. */
  failure: SourceFailure | null;
}

export interface InformerSettings {
  transport: ApiTransport;
  clock: Clock;
  backoff: Backoff;
  pageSize: number;
  /** How often a kind whose CRD is not installed is looked for again. */
  absentRetryMs: number;
  /** The watch length asked of the server, drawn per watch. */
  watchTimeoutSeconds: () => number;
  /** Called after the objects or the sync state changed. */
  onChange: () => void;
  /**
   * The watchdog: every this many ms a list with limit=1 must answer within the same time, or the
   * kind is marked failing and its list/watch torn down and retried. 0 or absent: no probe.
   */
  probeIntervalMs?: number;
}

interface ListPage {
  items: unknown[];
  resourceVersion: string;
  continueToken: string | undefined;
}

/** Distinct strings (label keys and values, node names…) one informer shares between its objects. */
const INTERNED_STRINGS = 16_384;

/** A watch that ends this soon without a single event is treated like a failure, to avoid a hot reconnect loop. */
const SHORT_WATCH_MS = 1_000;

function parseListPage(value: unknown, path: string): ListPage {
  const list = (typeof value === "object" && value !== null ? value : {}) as {
    items?: unknown;
    metadata?: { resourceVersion?: unknown; continue?: unknown };
  };
  if (!Array.isArray(list.items) || typeof list.metadata?.resourceVersion !== "string") {
    throw new Error(`${path}: the server's answer is not a list`);
  }
  const next = list.metadata.continue;
  return {
    items: list.items,
    resourceVersion: list.metadata.resourceVersion,
    continueToken: typeof next === "string" && next !== "" ? next : undefined,
  };
}

/** List-then-watch of one kind across the cluster, keeping the last known objects through failures. */
export class ResourceInformer<K extends WatchedKind> {
  private readonly objects = new ObjectStore<KindObjectMap[K]>();
  private readonly strings = new BoundedCache<string, string>(INTERNED_STRINGS);
  private readonly intern = (text: string): string => {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  };
  private readonly path: string;
  private state: KindSyncState = "pending";
  private lastSyncedAt: number | null = null;
  private error: string | null = null;
  private everSynced = false;
  private controller: AbortController | null = null;
  /** The current list/watch attempt; the watchdog aborts it when the probe fails. */
  private attempt: AbortController | null = null;
  private failure: SourceFailure | null = null;
  private syncedAt: number | null = null;
  private lastEventAt: number | null = null;
  private lastProbeAt: number | null = null;
  /** Where the next watch resumes; null means a full list comes first. */
  private resumeFrom: string | null = null;

  constructor(
    private readonly info: KindInfo & { kind: K },
    private readonly settings: InformerSettings,
  ) {
    this.path = collectionPath(info);
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    void this.run(this.controller.signal);
    if (this.settings.probeIntervalMs)
      void this.probeLoop(this.controller.signal, this.settings.probeIntervalMs);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = null;
  }

  list(): KindObjectMap[K][] {
    return this.objects.list();
  }

  /** True once the kind has been listed, or found absent, at least once. */
  hasSynced(): boolean {
    return this.everSynced;
  }

  status(): KindSyncStatus {
    return {
      kind: this.info.kind,
      state: this.state,
      lastSyncedAt: this.lastSyncedAt,
      error: this.error,
      count: this.objects.size,
      syncedAt: this.syncedAt,
      lastEventAt: this.lastEventAt,
      lastProbeAt: this.lastProbeAt,
      failure: this.failure ? { ...this.failure } : null,
    };
  }

  /** Asks the server for one object every interval; a failure or no answer in time tears the attempt down. */
  private async probeLoop(signal: AbortSignal, intervalMs: number): Promise<void> {
    const { clock, transport } = this.settings;
    /** Whether the last probe answered; observers only hear of answers that end a silence. */
    let answering = true;
    while (!signal.aborted) {
      await pause(clock, intervalMs, signal);
      if (signal.aborted || this.state === "absent") continue;
      const timeout = new AbortController();
      const onAbort = () => timeout.abort();
      signal.addEventListener("abort", onAbort, { once: true });
      // As long as the period, and never under a second: a busy machine is not a hung server.
      const deadline = Math.max(intervalMs, 1_000);
      const cancelTimer = clock.schedule(
        () => timeout.abort(new Error(`no answer to a probe within ${Math.round(deadline / 1000)} s`)),
        deadline,
      );
      try {
        await transport.getJson(this.path, { limit: "1" }, timeout.signal);
        this.lastProbeAt = clock.now();
        // The server answers again after failing: a kind judged stalled on its old answers may be
        // current now, and nothing else (a relist, an event) has to happen to tell observers so.
        if (!answering) this.settings.onChange();
        answering = true;
      } catch (error) {
        if (signal.aborted) return;
        answering = false;
        const reason: unknown = timeout.signal.aborted ? timeout.signal.reason : error;
        // Only a kind that believes itself current needs the alarm; a failing one is retrying already.
        if (this.failure === null && !(isNotFound(reason) && this.info.optional)) {
          this.markError(reason);
          this.attempt?.abort(reason);
        }
      } finally {
        cancelTimer();
        signal.removeEventListener("abort", onAbort);
      }
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { clock, backoff } = this.settings;
    let expiredInARow = 0;
    while (!signal.aborted) {
      const attempt = new AbortController();
      const onAbort = () => attempt.abort();
      signal.addEventListener("abort", onAbort, { once: true });
      this.attempt = attempt;
      try {
        this.resumeFrom ??= await this.relist(attempt.signal);
        const quiet = await this.watch(this.resumeFrom, attempt.signal);
        attempt.signal.throwIfAborted();
        expiredInARow = 0;
        if (quiet) await pause(clock, backoff.next(), signal);
      } catch (thrown) {
        if (signal.aborted) return;
        // Torn down by the watchdog: the probe's failure is the reason.
        const error: unknown = attempt.signal.aborted ? attempt.signal.reason : thrown;
        if (attempt.signal.aborted) this.resumeFrom = null;
        if (isGone(error)) {
          // The resume point was compacted away: only a fresh list can tell what changed meanwhile.
          this.resumeFrom = null;
          expiredInARow += 1;
          if (expiredInARow > 1) await pause(clock, backoff.next(), signal);
        } else if (isNotFound(error) && this.info.optional) {
          this.resumeFrom = null;
          // Scheduled before observers hear of the new state, so they see the retry already pending.
          const retry = pause(clock, this.settings.absentRetryMs, signal);
          this.markAbsent();
          await retry;
        } else {
          const retry = pause(clock, backoff.next(), signal);
          this.markError(error);
          await retry;
        }
      } finally {
        signal.removeEventListener("abort", onAbort);
        this.attempt = null;
      }
    }
  }

  /** Lists the whole collection page by page; returns the list's resourceVersion to watch from. */
  private async relist(signal: AbortSignal): Promise<string> {
    let pages: ListPage[];
    try {
      pages = await this.listPages(signal, this.settings.pageSize);
    } catch (error) {
      // The continue token outlived the server's history: list once more in a single page.
      if (!isGone(error)) throw error;
      pages = await this.listPages(signal, 0);
    }
    signal.throwIfAborted();
    const objects = pages.flatMap((page) => page.items.map((item) => this.normalize(item)));
    this.objects.replaceAll(objects);
    this.markSynced();
    return pages[pages.length - 1]!.resourceVersion;
  }

  private async listPages(signal: AbortSignal, limit: number): Promise<ListPage[]> {
    const pages: ListPage[] = [];
    let continueToken: string | undefined;
    do {
      const query = { limit: limit > 0 ? String(limit) : undefined, continue: continueToken };
      const page = parseListPage(await this.settings.transport.getJson(this.path, query, signal), this.path);
      pages.push(page);
      continueToken = page.continueToken;
    } while (continueToken && !signal.aborted);
    return pages;
  }

  /** Watches from `resourceVersion` until the server ends the stream; returns true if it ended at once and silently. */
  private async watch(resourceVersion: string, signal: AbortSignal): Promise<boolean> {
    const startedAt = this.settings.clock.now();
    let opened = false;
    let events = 0;
    const query = {
      resourceVersion,
      allowWatchBookmarks: "true",
      timeoutSeconds: String(this.settings.watchTimeoutSeconds()),
    };
    try {
      await this.settings.transport.watch(this.path, query, signal, {
        onOpen: () => {
          opened = true;
          this.markConnected();
        },
        onEvent: (event) => {
          this.apply(event);
          events += 1;
        },
      });
    } catch (error) {
      // A stream that breaks after it opened is resumed like one the server ended; the next
      // connection attempt tells whether the server is really gone.
      if (!opened || error instanceof KubeApiError || signal.aborted) throw error;
    }
    return events === 0 && this.settings.clock.now() - startedAt < SHORT_WATCH_MS;
  }

  private apply(event: WatchEvent): void {
    if (event.type === "ERROR") throw KubeApiError.fromStatus(event.object);
    const resourceVersion = (event.object.metadata as { resourceVersion?: unknown } | undefined)
      ?.resourceVersion;
    if (event.type === "BOOKMARK") {
      if (typeof resourceVersion === "string" && resourceVersion) this.resumeFrom = resourceVersion;
      this.lastSyncedAt = this.lastEventAt = this.settings.clock.now();
      return;
    }
    const object = this.normalize(event.object);
    if (event.type === "DELETED") this.objects.delete(object);
    else this.objects.set(object);
    if (object.metadata.resourceVersion) this.resumeFrom = object.metadata.resourceVersion;
    this.lastSyncedAt = this.lastEventAt = this.settings.clock.now();
    this.settings.backoff.reset();
    this.settings.onChange();
  }

  /**
   * The object as Sieve keeps it: only the fields it reads (lib/kube/slim-object), never the raw
   * answer. List items of built-in kinds come without apiVersion and kind; Sieve's types carry them.
   */
  private normalize(item: unknown): KindObjectMap[K] {
    const object = item as Partial<KubeObject> | null;
    if (typeof object !== "object" || object === null || typeof object.metadata?.name !== "string") {
      throw new Error(`${this.path}: the server sent an object without metadata.name`);
    }
    const apiVersion = this.info.group ? `${this.info.group}/${this.info.version}` : this.info.version;
    return slimObject(
      this.info.kind,
      { ...object, apiVersion: object.apiVersion ?? apiVersion, kind: object.kind ?? this.info.objectKind },
      this.intern,
    );
  }

  private markSynced(): void {
    this.state = "synced";
    this.error = null;
    this.failure = null;
    this.everSynced = true;
    this.lastSyncedAt = this.syncedAt = this.settings.clock.now();
    this.settings.backoff.reset();
    this.settings.onChange();
  }

  /** A watch reopened after a failure: the cache is current again, though nothing new has arrived yet. */
  private markConnected(): void {
    if (this.state !== "error") return;
    this.state = "synced";
    this.error = null;
    this.failure = null;
    this.settings.onChange();
  }

  private markAbsent(): void {
    this.objects.clear();
    this.state = "absent";
    this.error = null;
    this.failure = null;
    this.everSynced = true;
    this.lastSyncedAt = this.syncedAt = this.settings.clock.now();
    this.settings.onChange();
  }

  private markError(error: unknown): void {
    const now = this.settings.clock.now();
    this.state = "error";
    this.error = describeFailure(error, this.settings.transport.server);
    const kind = failureKindOf(error instanceof KubeApiError ? error.code : null, isTlsFailure(error));
    // A new kind of failure starts a new run (a 403 after a network failure is news); the same kind keeps its start.
    this.failure = {
      kind,
      since: this.failure?.kind === kind ? this.failure.since : now,
      message: this.error,
    };
    this.settings.onChange();
  }
}
