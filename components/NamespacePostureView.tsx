"use client";

import Link from "next/link";
import { viewHref } from "@/lib/api/view-window";
import { dropsFilterSearch } from "@/lib/drops/drops-filter";
import { inWindowText } from "@/lib/flows/verdict-text";
import { namespaceGraphPath } from "@/lib/graph/graph-url-state";
import { statusOf } from "@/lib/posture/posture-table";
import { REENABLE_WINDOW_MS } from "@/lib/posture/reenable-verdict";
import { ConnectivityChecklistPanel } from "./ConnectivityChecklistPanel";
import { useNamespacePosture } from "./data/use-posture";
import { EnforcementCard } from "./EnforcementCard";
import { FixPanel } from "./FixPanel";
import { NamespaceDropsCard } from "./NamespaceDropsCard";
import { NamespaceEdgeDrops } from "./NamespaceEdgeDrops";
import { PlatformChecksList } from "./PlatformChecksList";
import { ReenableAuditCard } from "./ReenableAuditCard";
import { SelectingPoliciesList } from "./SelectingPoliciesList";
import { SeverityBadge } from "./SeverityBadge";
import { useViewWindow } from "./ViewWindow";
import { WindowProblem } from "./WindowProblem";

function Card({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section
      className="flex flex-col gap-2 rounded border border-slate-200 p-3 dark:border-slate-800"
      data-testid={testId}
    >
      <h2 className="font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** One namespace's whole posture: what it may do, what selects it, what is missing or dangerous. */
export function NamespacePostureView({ name }: { name: string }) {
  const query = useNamespacePosture(name);
  const { windowMs, defaultWindowMs, problem } = useViewWindow();
  if (query.isError && !query.data) {
    return (
      <p role="alert" className="mt-4 rounded border border-red-300 bg-red-50 px-2 py-1 text-red-900">
        {query.error.message}
      </p>
    );
  }
  if (!query.data) return <p className="mt-4 text-slate-500">Computing posture…</p>;
  const { posture, cni, reenable } = query.data;
  return (
    <article className="mt-4 flex flex-col gap-3" aria-label={`Posture of ${posture.name}`}>
      <header className="flex flex-wrap items-baseline gap-3">
        <h1 className="font-mono text-xl font-semibold">{posture.name}</h1>
        <SeverityBadge severity={posture.unknown ? "unknown" : statusOf(posture)} />
        <span className="text-slate-600">{posture.kindSummary}</span>
        <span className="ml-auto flex flex-wrap gap-3 text-sm">
          <Link
            className="text-blue-700 underline"
            href={viewHref(namespaceGraphPath(posture.name), windowMs, defaultWindowMs)}
          >
            Flows of {posture.name} on the graph
          </Link>
          <Link
            className="text-blue-700 underline"
            href={viewHref(
              `/drops?${dropsFilterSearch({ namespace: posture.name, port: null })}`,
              windowMs,
              defaultWindowMs,
            )}
          >
            Drops from or to {posture.name}
          </Link>
        </span>
      </header>
      <WindowProblem problem={problem} windowMs={windowMs} />
      {query.isError && (
        <p role="status" className="text-sm text-amber-800">
          Refresh failed ({query.error.message}); showing the last answer.
        </p>
      )}
      {posture.unknown && (
        <p
          role="alert"
          data-testid="namespace-unknown"
          className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-amber-900"
        >
          {posture.unknown}: findings are not drawn; what is shown is last-known data.
        </p>
      )}
      {posture.policiesInert && (
        <p role="alert" className="rounded border border-red-400 bg-red-50 px-3 py-2 text-red-900">
          No enforcing CNI: {cni.message}. Nothing below is enforced.
        </p>
      )}
      {reenable && (
        <Card title="If enforcement were re-enabled" testId="reenable">
          <ReenableAuditCard audit={reenable} />
          <FixPanel
            scope={{ kind: "reenable", namespace: posture.name }}
            windowMs={REENABLE_WINDOW_MS}
            label="Fix and re-enable"
          />
        </Card>
      )}
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        <Card title="Findings" testId="findings">
          {posture.unknown ? (
            <p className="text-sm text-slate-600">unknown</p>
          ) : posture.findings.length === 0 ? (
            <p className="text-sm text-emerald-700">Nothing missing or dangerous.</p>
          ) : (
            <ul className="flex flex-col gap-1 text-sm">
              {posture.findings.map((f) => (
                <li key={f.message} data-finding={f.code} className="flex items-baseline gap-2">
                  <SeverityBadge severity={f.severity} />
                  <span>{f.message}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Enforcement">
          <EnforcementCard enforcement={posture.enforcement} />
        </Card>
        <Card title="Profile" testId="profile">
          <p className="text-sm">{posture.profile.summary}</p>
          {posture.profile.source === "annotation" && (
            <p className="text-xs text-amber-800">Set as an annotation, not a label.</p>
          )}
          {posture.profile.use && <p className="text-xs text-slate-500">for {posture.profile.use}</p>}
        </Card>
        <Card title="Access labels" testId="access-labels">
          {posture.everyPod
            .filter((r) => r.direction === "egress")
            .map((r) => (
              <p key={r.text} className="text-sm text-red-700" data-testid="every-pod-egress">
                Every pod is reachable without an access label: {r.text}.
              </p>
            ))}
          {posture.accessLabels.length === 0 && posture.malformedAccessLabels.length === 0 ? (
            !posture.everyPod.some((r) => r.direction === "egress") && (
              <p className="text-sm text-slate-500">None: no shared resource is opened.</p>
            )
          ) : (
            <ul className="flex flex-col gap-1 text-sm">
              {posture.accessLabels.map((a) => (
                <li key={a.key}>
                  <code>{a.key}</code>: {a.opens}
                </li>
              ))}
              {posture.malformedAccessLabels.map((m) => (
                <li key={m.key} className="text-red-700">
                  <code>{m.key}</code> = “{m.value}” is not the expected value, so it opens nothing
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Platform checks">
          <PlatformChecksList checks={posture.platformChecks} />
        </Card>
        <Card title={`Connectivity (flows ${inWindowText(windowMs)})`}>
          <ConnectivityChecklistPanel namespace={posture.name} windowMs={windowMs} />
        </Card>
      </div>
      <Card title={`Drops to and from ${posture.name} ${inWindowText(windowMs)}`} testId="drops-both-ways">
        <NamespaceEdgeDrops namespace={posture.name} windowMs={windowMs} defaultWindowMs={defaultWindowMs} />
      </Card>
      <Card title={`Drops of ${posture.name} and fixes ${inWindowText(windowMs)}`} testId="drops-and-fixes">
        <NamespaceDropsCard namespace={posture.name} windowMs={windowMs} />
      </Card>
      <Card title={`Policies that select ${posture.name}`}>
        <SelectingPoliciesList policies={posture.policies} views={posture.policyViews} />
      </Card>
      <Card title="Pods">
        <p className="text-sm">
          {posture.pods.total} running pod(s)
          {posture.pods.hostNetwork.length > 0 &&
            `; on the host network (no policy applies): ${posture.pods.hostNetwork.join(", ")}`}
          {posture.pods.unselected.length > 0 &&
            `; selected by no policy: ${posture.pods.unselected.join(", ")}`}
        </p>
      </Card>
    </article>
  );
}
