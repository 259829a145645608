"use client";

import { usePathname, useRouter } from "next/navigation";
import { useWhatIf, useWhatIfBranches } from "./data/use-what-if";
import { WhatIfReport } from "./WhatIfReport";

function ErrorLine({ message }: { message: string }) {
  return (
    <p role="alert" className="rounded border border-red-300 bg-red-50 px-2 py-1 text-red-900">
      {message}
    </p>
  );
}

/** Pick a branch of the GitOps repository; see what it would do to the observed traffic. */
export function WhatIfView({ selected }: { selected: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const branches = useWhatIfBranches();
  const report = useWhatIf(selected);
  const choose = (ref: string) =>
    router.replace(ref ? `${pathname}?${new URLSearchParams({ ref }).toString()}` : pathname);
  return (
    <article className="mt-4 flex flex-col gap-3" aria-label="What-if">
      <header>
        <h1 className="text-lg font-semibold">What-if</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          What a branch of the GitOps repository would do to the traffic observed over the last hour, before
          anyone merges it.
        </p>
      </header>
      {branches.isError ? <ErrorLine message={branches.error.message} /> : null}
      <label className="flex items-center gap-2 text-sm">
        Branch
        <select
          className="rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          value={selected ?? ""}
          onChange={(event) => choose(event.target.value)}
          disabled={!branches.data}
        >
          <option value="">{branches.data ? "pick a branch…" : "reading the branches…"}</option>
          {selected !== null && branches.data && !branches.data.branches.includes(selected) ? (
            <option value={selected}>{selected}</option>
          ) : null}
          {branches.data?.branches
            .filter((name) => name !== branches.data.baseBranch)
            .map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
        </select>
      </label>
      {selected === null ? null : report.isError ? (
        <ErrorLine message={report.error.message} />
      ) : !report.data ? (
        <p className="text-slate-500">Reading and rendering {selected}…</p>
      ) : (
        <WhatIfReport data={report.data} />
      )}
    </article>
  );
}
