import type { DropClassification } from "@/lib/drops/classify-drop";

const SEVERITY_STYLE = {
  critical: "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950",
  warning: "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950",
  info: "border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-900",
};

/** Why a drop happened and what to change: the classification's class, cause, fix and evidence. */
export function DropClassificationCard({ classification }: { classification: DropClassification }) {
  return (
    <div
      className={`flex flex-col gap-1 rounded border p-2 text-sm ${SEVERITY_STYLE[classification.severity]}`}
      data-testid="drop-classification"
      data-class={classification.classId}
    >
      <p className="font-semibold" data-testid="drop-class-title">
        {classification.title}
      </p>
      {!classification.policyDrop && (
        <p className="text-xs font-medium uppercase text-slate-600">not a policy drop</p>
      )}
      <p>
        <span className="font-medium">Likely cause: </span>
        {classification.cause}
      </p>
      <p data-testid="drop-fix">
        <span className="font-medium">Fix: </span>
        {classification.fix}
      </p>
      {classification.commands.length > 0 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-600">Commands to check</summary>
          <ul className="mt-1 flex flex-col gap-0.5">
            {classification.commands.map((command) => (
              <li key={command}>
                <code className="break-all">{command}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      {classification.details.length > 0 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-600">What Sieve looked at</summary>
          <ul className="mt-1 list-disc pl-4">
            {classification.details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
