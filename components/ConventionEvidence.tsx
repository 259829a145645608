import type { Evidence } from "@/lib/conventions/inference-report";
import { refLabel } from "@/lib/policy/model";
import type { PolicyView } from "@/lib/posture/policy-view";

// The policies a convention was read from: links to them, and the policies themselves rendered.
// Anchors are numbered, so untrusted policy names never end up in an id or a URL.

export type EvidenceAnchors = ReadonlyMap<string, string>;

export function evidenceAnchors(views: readonly PolicyView[]): EvidenceAnchors {
  return new Map(views.map((view, i) => [view.id, `evidence-${i + 1}`]));
}

export function EvidenceLinks({
  evidence,
  anchors,
}: {
  evidence: readonly Evidence[];
  anchors: EvidenceAnchors;
}) {
  if (evidence.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <span className="flex flex-col gap-0.5">
      {evidence.map((e) => {
        const anchor = anchors.get(e.policyId);
        const rules = e.rules.length > 0 ? ` (${e.rules.join(", ")})` : "";
        return anchor ? (
          <a key={e.policyId} href={`#${anchor}`} className="font-mono text-xs text-sky-700 underline">
            {refLabel(e.policy)}
            {e.policyId.includes("#") ? ` ${e.policyId.slice(e.policyId.indexOf("#") + 1)}` : ""}
            {rules}
          </a>
        ) : (
          <span key={e.policyId} className="font-mono text-xs">
            {refLabel(e.policy)}
            {rules}
          </span>
        );
      })}
    </span>
  );
}

export function EvidencePolicies({
  views,
  anchors,
}: {
  views: readonly PolicyView[];
  anchors: EvidenceAnchors;
}) {
  return (
    <ul className="flex flex-col gap-2">
      {views.map((view) => (
        <li
          key={view.id}
          id={anchors.get(view.id)}
          className="scroll-mt-4 rounded border border-slate-200 p-2 text-sm target:border-sky-500 target:bg-sky-50 dark:border-slate-800"
          data-testid="evidence-policy"
        >
          <p className="font-mono font-medium">
            {refLabel(view.ref)}
            {view.section !== "spec" ? ` ${view.section}` : ""}
          </p>
          <p className="text-xs text-slate-600">applies to {view.subject}</p>
          {view.description && <p className="text-xs italic text-slate-600">{view.description}</p>}
          <ul className="mt-1 flex flex-col gap-0.5 text-xs">
            {view.rules.length === 0 && <li className="text-slate-500">no rules</li>}
            {view.rules.map((rule) => (
              <li key={rule.id} className={rule.deny ? "text-red-800" : ""}>
                <span className="text-slate-400">{rule.id}</span> {rule.text}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
