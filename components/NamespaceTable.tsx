import type { NamespaceRow } from "@/lib/api/responses";
import { AccessLabelBadges } from "./AccessLabelBadges";
import { ProfileCell } from "./ProfileCell";
import { VerdictCounts } from "./VerdictCounts";

/** Every namespace with its profile, access labels, enforcement and flows by verdict. */
export function NamespaceTable({ rows }: { rows: NamespaceRow[] }) {
  return (
    <table className="w-full border-collapse text-sm" data-testid="namespace-table">
      <thead>
        <tr className="border-b border-slate-300 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-700">
          <th className="py-2 pr-4">Namespace</th>
          <th className="py-2 pr-4">Kind</th>
          <th className="py-2 pr-4">Profile</th>
          <th className="py-2 pr-4">Access labels</th>
          <th className="py-2 pr-4">Enforcement</th>
          <th className="py-2 pr-4">Flows</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.name}
            data-namespace={row.name}
            className="border-b border-slate-200 align-top dark:border-slate-800"
          >
            <td className="py-2 pr-4 font-mono">{row.name}</td>
            <td className="py-2 pr-4">{row.kind}</td>
            <td className="py-2 pr-4" data-column="profile">
              <ProfileCell row={row} />
            </td>
            <td className="py-2 pr-4" data-column="access">
              <AccessLabelBadges accessLabels={row.accessLabels} />
            </td>
            <td className="py-2 pr-4" data-column="enforcement">
              {row.enforcementDisabled ? (
                <span className="font-semibold text-red-700 dark:text-red-400">disabled</span>
              ) : (
                <span className="text-slate-500">enforced</span>
              )}
            </td>
            <td className="py-2 pr-4" data-column="flows">
              <VerdictCounts counts={row.flowCounts} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
