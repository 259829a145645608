import type { NamespaceRow } from "@/lib/api/responses";

/** The namespace's profile with what it allows, or why there is none. */
export function ProfileCell({ row }: { row: NamespaceRow }) {
  if (row.profile === null) {
    return row.kind === "platform" ? (
      <span className="text-slate-500">hand-crafted policy</span>
    ) : (
      <span className="text-amber-700 dark:text-amber-400">no profile: no ingress allowed</span>
    );
  }
  if (!row.profileKnown) {
    return <span className="text-red-700 dark:text-red-400">unknown profile &quot;{row.profile}&quot;</span>;
  }
  return (
    <span title={`ingress: ${row.profileIngress}; egress: ${row.profileEgress}`}>
      <span className="font-medium">{row.profile}</span>
      <span className="block text-xs text-slate-500">
        in: {row.profileIngress} · out: {row.profileEgress}
      </span>
    </span>
  );
}
