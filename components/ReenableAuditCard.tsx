import type { ReenableAudit } from "@/lib/api/responses";

const TONE: Record<ReenableAudit["verdict"]["kind"], string> = {
  safe: "text-emerald-800 dark:text-emerald-300",
  "would-drop": "text-red-800 dark:text-red-300",
  unknown: "text-amber-800 dark:text-amber-300",
  "no-traffic": "text-amber-800 dark:text-amber-300",
  "short-window": "text-amber-800 dark:text-amber-300",
};

type Cause = ReenableAudit["causes"][number];

/** The connection of a cause, and how many of its flows were observed. */
function CauseConnection({ cause }: { cause: Cause }) {
  return (
    <p className="font-mono text-xs">
      {cause.connection}: {cause.flows.toLocaleString("en-US")} flow{cause.flows === 1 ? "" : "s"}
    </p>
  );
}

/**
 * What re-enabling enforcement would drop, from the observed traffic evaluated as if the escape
 * hatch were closed: the verdict with what it rests on, and the would-be drops by cause.
 */
export function ReenableAuditCard({ audit }: { audit: ReenableAudit }) {
  const { verdict, causes, deniedToday } = audit;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="reenable-audit" data-verdict={verdict.kind}>
      <p className={`font-medium ${TONE[verdict.kind]}`} data-testid="reenable-verdict">
        {verdict.text}
      </p>
      {causes.length > 0 && (
        <ul className="flex flex-col gap-2">
          {causes.map((cause) => (
            <li
              key={cause.key}
              data-testid="would-be-drop"
              data-dropped-at={cause.droppedAt}
              className="rounded border border-slate-200 p-2 dark:border-slate-800"
            >
              <CauseConnection cause={cause} />
              <p>{cause.sentence}</p>
              {cause.deniedBy.length > 0 && (
                <p className="text-xs text-slate-600">denied by {cause.deniedBy.join(", ")}</p>
              )}
              {cause.defaultDenyBy.length > 0 && (
                <p className="text-xs text-slate-600">
                  default deny from {cause.defaultDenyBy.join(", ")}, and none of them allows it
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {deniedToday.length > 0 && (
        <ul className="flex flex-col gap-2">
          {deniedToday.map((cause) => (
            <li
              key={cause.key}
              data-testid="denied-today"
              className="rounded border border-amber-200 p-2 dark:border-amber-900"
            >
              <CauseConnection cause={cause} />
              <p className="text-amber-800 dark:text-amber-300">
                Sieve&apos;s reading of the policies denies this today too, yet it was seen forwarded: what
                re-enabling would do to it is unknown
              </p>
              <p className="text-xs text-slate-600">{cause.sentence}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
