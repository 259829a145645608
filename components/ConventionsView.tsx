"use client";

import Link from "next/link";
import type { ConventionsResponse } from "@/lib/api/responses";
import { ConventionEvidenceSections } from "./ConventionSections";
import { useConventions } from "./data/use-conventions";

/** What Sieve learnt about the cluster's conventions, from which policy, and what a file overrides. */
export function ConventionsView() {
  const query = useConventions();
  if (query.isError && !query.data) {
    return (
      <p role="alert" className="mt-4 rounded border border-red-300 bg-red-50 px-2 py-1 text-red-900">
        {query.error.message}
      </p>
    );
  }
  if (!query.data) return <p className="mt-4 text-slate-500">Reading the policies…</p>;
  return (
    <article className="mt-4 flex flex-col gap-3" aria-label="Conventions">
      <header>
        <h1 className="text-lg font-semibold">Conventions</h1>
        <p className="text-sm text-slate-600">
          {query.data.preview
            ? "Read from the repository's policies (rendered)"
            : "Read from the cluster's policies"}
          ; a conventions file (SIEVE_CONVENTIONS_FILE) overrides any field. The{" "}
          <Link href="/namespaces" className="underline">
            posture
          </Link>
          , the drop classes and the fixes use what is shown here.
        </p>
      </header>
      <FileSection data={query.data} />
      <ConventionEvidenceSections data={query.data} />
    </article>
  );
}

function FileSection({ data }: { data: ConventionsResponse }) {
  const { file, inference } = data;
  return (
    <section
      className="rounded border border-slate-200 p-3 text-sm dark:border-slate-800"
      data-testid="conventions-file"
    >
      <h2 className="font-semibold">Conventions file</h2>
      {file.path === null ? (
        <p>None: everything below is inferred, or a built-in default where the policies say nothing.</p>
      ) : (
        <p>
          <span className="font-mono">{file.path}</span> overrides:{" "}
          {inference.overridden.length > 0 ? inference.overridden.join(", ") : "nothing"}
        </p>
      )}
      {file.problems.map((problem) => (
        <p key={problem} role="alert" className="text-red-800">
          {problem}
        </p>
      ))}
      <p className="text-xs text-slate-600">
        Built-in defaults (the policies do not say): {inference.defaulted.join(", ")}
      </p>
    </section>
  );
}
