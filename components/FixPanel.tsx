"use client";

import { useState } from "react";
import type { FixScope } from "@/lib/api/responses";
import { fixLeadSentence, withWorkloadNames } from "@/lib/fixes/fix-lead";
import { useFix } from "./data/use-fix";
import { FileDiff } from "./FileDiff";
import { PullRequestActions } from "./PullRequestActions";
import { RenderProof } from "./RenderProof";

/**
 * Why? and Fix for a set of drops: the evaluator's sentence and the rules involved, then the
 * smallest change, its proof over every observed flow, the diff and the pull request.
 * Computed when opened: the proof re-evaluates thousands of flows.
 */
export function FixPanel({
  scope,
  windowMs,
  label = "Why? and Fix",
}: {
  scope: FixScope;
  windowMs: number;
  /** The button that opens it. */
  label?: string;
}) {
  const [opened, setOpened] = useState(false);
  const fix = useFix(scope, windowMs, opened);
  if (!opened) {
    return (
      <button
        type="button"
        onClick={() => setOpened(true)}
        className="self-start rounded bg-slate-800 px-3 py-1 text-sm font-medium text-white dark:bg-slate-200 dark:text-slate-900"
      >
        {label}
      </button>
    );
  }
  if (fix.isError)
    return (
      <p className="text-sm text-red-700 dark:text-red-400">Could not compute the fix: {fix.error.message}</p>
    );
  if (!fix.data)
    return <p className="text-sm text-slate-700 dark:text-slate-300">Evaluating the policies…</p>;
  const { plan, gitops } = fix.data;
  const proposal = plan.proposal;
  return (
    <div
      className="flex min-w-0 flex-col gap-3 rounded border border-slate-300 p-3 text-sm dark:border-slate-700"
      data-testid="fix-panel"
    >
      <section data-testid="why" className="flex flex-col gap-1">
        <h3 className="font-semibold">Why?</h3>
        <p data-testid="fix-lead">
          {fixLeadSentence({
            newestDrop: plan.samples[0] ?? null,
            classification: fix.data.classification,
            proposal,
            whySentence: plan.why?.sentence ?? null,
          })}
        </p>
        {plan.why ? (
          <details className="text-xs">
            <summary className="cursor-pointer text-slate-700 dark:text-slate-300">
              The evaluator&apos;s trace
            </summary>
            <p data-testid="why-sentence" className="mt-1 [overflow-wrap:anywhere]">
              {withWorkloadNames(plan.why.sentence, plan.samples)}
            </p>
            {[...plan.why.egressRules, ...plan.why.ingressRules].length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-slate-700 dark:text-slate-300">
                {[...plan.why.egressRules, ...plan.why.ingressRules].map((rule) => (
                  <li key={rule} className="font-mono [overflow-wrap:anywhere]">
                    {rule}
                  </li>
                ))}
              </ul>
            )}
          </details>
        ) : (
          <p className="text-slate-700 dark:text-slate-300">No drop to explain.</p>
        )}
      </section>
      <section data-testid="fix" data-kind={proposal.kind} className="flex flex-col gap-2">
        <h3 className="font-semibold">Fix</h3>
        {proposal.kind !== "change" ? (
          <p data-testid="fix-explanation">{proposal.explanation}</p>
        ) : (
          <>
            <ul className="list-disc pl-5" data-testid="fix-steps">
              {proposal.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ul>
            {plan.proof && (
              <div data-testid="fix-proof" className="rounded bg-slate-50 p-2 dark:bg-slate-900">
                <p data-testid="proof-sentence">{plan.proof.sentence}</p>
                <p className="text-xs text-slate-700 dark:text-slate-300">
                  Fixes{" "}
                  <span data-testid="proof-fixes" className="font-semibold">
                    {proposal.fixed}
                  </span>{" "}
                  of the <span data-testid="proof-drops">{proposal.total}</span> drops here
                  {plan.proof.newlyDropped > 0 &&
                    `; would newly drop ${plan.proof.newlyDropped} flows that pass today`}
                  .
                </p>
                {plan.proof.newlyAllowedBeyond.length > 0 && (
                  <div className="text-xs">
                    <p className="font-medium">Also opens:</p>
                    <ul className="list-disc pl-5" data-testid="proof-also-opens">
                      {plan.proof.newlyAllowedBeyond.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  </div>
                )}
              </div>
            )}
            {proposal.alternatives.length > 0 && (
              <details className="text-xs">
                <summary className="cursor-pointer text-slate-700 dark:text-slate-300">
                  Other changes that would also fix it
                </summary>
                <ul className="list-disc pl-5">
                  {proposal.alternatives.map((alt) => (
                    <li key={alt.summary}>{alt.summary}</li>
                  ))}
                </ul>
              </details>
            )}
            {!gitops.configured ? (
              <p className="text-xs text-slate-700 dark:text-slate-300">{gitops.howTo}</p>
            ) : (
              <>
                {gitops.error && (
                  <p role="alert" className="text-amber-800 dark:text-amber-300">
                    {gitops.error}
                  </p>
                )}
                {gitops.pullRequest && <RenderProof pullRequest={gitops.pullRequest} />}
                {gitops.pullRequest?.files.map((file) => (
                  <div key={file.path}>
                    <p className="font-mono text-xs [overflow-wrap:anywhere]">
                      {file.kind === "create" ? "new file " : ""}
                      {file.path}
                    </p>
                    <FileDiff diff={file.diff} />
                  </div>
                ))}
                <PullRequestActions gitops={gitops} scope={fix.data.scope} windowMs={windowMs} />
              </>
            )}
          </>
        )}
      </section>
    </div>
  );
}
