"use client";

import type { ConnectionView } from "@/lib/api/responses";
import { useStatus } from "./data/use-status";
import { FlowsUnknownNotice } from "./FlowsUnknownNotice";
import { KubernetesUnknownNotice } from "./KubernetesUnknownNotice";
import { RelativeTime } from "./RelativeTime";
import { RepositoryPreviewNotice } from "./RepositoryPreviewNotice";

const HEALTH_STYLE: Record<ConnectionView["health"], string> = {
  ok: "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
  pending:
    "border-slate-300 bg-slate-50 text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200",
  stale:
    "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  error: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
  unconfigured: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
  preview: "border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100",
};

const HEALTH_WORD: Record<ConnectionView["health"], string> = {
  ok: "in sync",
  pending: "connecting",
  stale: "stale",
  error: "error",
  unconfigured: "not configured",
  preview: "not part of a repository preview",
};

function ConnectionPill({ label, view, testId }: { label: string; view: ConnectionView; testId: string }) {
  return (
    <div
      data-testid={testId}
      data-health={view.health}
      className={`flex min-w-0 flex-1 flex-col rounded border px-3 py-2 text-sm ${HEALTH_STYLE[view.health]}`}
    >
      <span className="font-medium">
        {label}: {HEALTH_WORD[view.health]}
        {view.health === "stale" && view.lastGoodAt !== null && (
          <>
            {" "}
            since <RelativeTime at={view.lastGoodAt} />
          </>
        )}
      </span>
      <span className="truncate" title={view.message}>
        {view.message}
        {view.health === "ok" && view.lastGoodAt !== null && (
          <>
            {" · "}last update <RelativeTime at={view.lastGoodAt} />
          </>
        )}
      </span>
    </div>
  );
}

/** When the relay stream was down, flows of that time are missing from every view: say so. */
function FlowGaps({ gaps, reconnects }: { gaps: { from: number; to: number }[]; reconnects: number }) {
  const recent = gaps.slice(-3);
  if (recent.length === 0) return null;
  return (
    <p role="status" data-testid="flow-gaps" className="text-xs text-amber-800 dark:text-amber-300">
      The flow stream broke {reconnects} time(s); flows may be missing{" "}
      {recent.map((gap, i) => (
        <span key={gap.from}>
          {i > 0 && ", "}
          from <RelativeTime at={gap.from} /> to <RelativeTime at={gap.to} />
        </span>
      ))}
      .
    </p>
  );
}

/** Health of both connections, and any configuration problem, always visible at the top. */
export function ConnectionStatusBar() {
  const status = useStatus();
  if (status.isError) {
    return (
      <div role="alert" className={`rounded border px-3 py-2 text-sm ${HEALTH_STYLE.error}`}>
        Sieve&apos;s server is not answering: {status.error.message}. Retrying every 2 s.
      </div>
    );
  }
  if (!status.data) return <div className="text-sm text-slate-500">Checking connections…</div>;
  const { configErrors, kubernetes, hubble, preview } = status.data;
  return (
    <section aria-label="Connections" className="flex flex-col gap-2">
      {configErrors.length > 0 && (
        <div
          role="alert"
          data-testid="config-errors"
          className={`rounded border px-3 py-2 text-sm ${HEALTH_STYLE.error}`}
        >
          <p className="font-medium">Configuration problems</p>
          <ul className="list-disc pl-5">
            {configErrors.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {preview && <RepositoryPreviewNotice preview={preview} />}
      <div className="flex flex-col gap-2 md:flex-row">
        <ConnectionPill label="Kubernetes API" view={kubernetes} testId="kubernetes-status" />
        <ConnectionPill label="Hubble Relay" view={hubble} testId="hubble-status" />
      </div>
      {hubble.source && !["in-sync", "syncing"].includes(hubble.source.state) && (
        <FlowsUnknownNotice relay={hubble} windowMs={0} />
      )}
      {!preview && kubernetes.health !== "unconfigured" && (
        <KubernetesUnknownNotice knowledge={kubernetes.knowledge} />
      )}
      <FlowGaps gaps={hubble.gaps} reconnects={hubble.reconnects} />
    </section>
  );
}
