import { inWindowText } from "@/lib/flows/verdict-text";
import Link from "next/link";
import type { WhatIfResponse } from "@/lib/api/responses";
import type { FlowChangeGroup } from "@/lib/what-if/what-if";

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

function FlowGroups({
  title,
  groups,
  flows,
  testId,
}: {
  title: string;
  groups: FlowChangeGroup[];
  flows: number;
  testId: string;
}) {
  return (
    <section
      className="rounded border border-slate-200 p-3 text-sm dark:border-slate-800"
      data-testid={testId}
    >
      <h2 className="font-semibold">
        {title}:{" "}
        {groups.length === 0 ? "none" : `${plural(flows, "flow")} of ${plural(groups.length, "kind")}`}
      </h2>
      <ul className="mt-1 flex flex-col gap-2">
        {groups.map((group) => (
          <li key={`${group.edge}|${group.sentence}`}>
            <p>
              {plural(group.flows, "flow")} ({plural(group.connections, "connection")}):{" "}
              <span>{group.sentence}</span>
            </p>
            <ul className="ml-4 list-disc text-slate-600 dark:text-slate-400">
              {group.examples.map((example) => (
                <li key={example}>{example}</li>
              ))}
            </ul>
            <Link href={`/?${new URLSearchParams({ edge: group.edge }).toString()}`} className="underline">
              Show the edge on the graph
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What a branch changes, the flows it newly drops and allows, and the posture changes. */
export function WhatIfReport({ data }: { data: WhatIfResponse }) {
  const { report } = data;
  return (
    <div className="flex flex-col gap-3" data-testid="what-if-report">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {data.ref} at <span className="font-mono">{data.commit.slice(0, 12)}</span> against {data.baseBranch}
        {": "}
        {report.window === null
          ? `no traffic observed ${inWindowText(data.windowMs)}: cannot judge what the branch does to flows.`
          : `judged on ${plural(report.flowsEvaluated, "observed flow")} (${plural(report.connectionsEvaluated, "connection")}) ${inWindowText(data.windowMs)}.`}
      </p>
      <section
        className="rounded border border-slate-200 p-3 text-sm dark:border-slate-800"
        data-testid="what-if-objects"
      >
        <h2 className="font-semibold">What the branch changes</h2>
        {report.objects.length === 0 ? (
          <p>No policy and no namespace label.</p>
        ) : (
          <ul className="ml-4 list-disc">
            {report.objects.map((object) => (
              <li key={`${object.kind}/${object.namespace}/${object.name}`}>
                {object.kind} {object.namespace ? `${object.namespace}/` : ""}
                {object.name} {object.change}
                {object.labels.length > 0 ? `: ${object.labels.join(", ")}` : ""}
              </li>
            ))}
          </ul>
        )}
        {report.problems.map((problem) => (
          <p key={problem} role="alert" className="text-red-800">
            {problem}
          </p>
        ))}
      </section>
      <FlowGroups
        title="Newly dropped"
        groups={report.newlyDropped}
        flows={report.newlyDroppedFlows}
        testId="what-if-dropped"
      />
      <FlowGroups
        title="Newly allowed"
        groups={report.newlyAllowed}
        flows={report.newlyAllowedFlows}
        testId="what-if-allowed"
      />
      <section
        className="rounded border border-slate-200 p-3 text-sm dark:border-slate-800"
        data-testid="what-if-posture"
      >
        <h2 className="font-semibold">Posture</h2>
        {report.posture.length === 0 ? (
          <p>No namespace changes.</p>
        ) : (
          <ul className="flex flex-col gap-1">
            {report.posture.map((ns) => (
              <li key={ns.namespace}>
                <Link
                  href={`/namespaces/${encodeURIComponent(ns.namespace)}`}
                  className="font-medium underline"
                >
                  {ns.namespace}
                </Link>
                {ns.change === "changed" ? "" : ` (${ns.change})`}
                <ul className="ml-4 list-disc">
                  {ns.changes.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                  {ns.findingsAdded.map((line) => (
                    <li key={`+${line}`}>new finding: {line}</li>
                  ))}
                  {ns.findingsRemoved.map((line) => (
                    <li key={`-${line}`}>finding gone: {line}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
