import type { ProfileLegendEntry } from "@/lib/api/responses";
import { DROPPED_COLOR, FORWARDED_COLOR, profileColor, WOULD_DROP_COLOR } from "./graph/graph-style";

/** What the graph's colors and shapes mean; the profiles are the conventions in force. */
export function GraphLegend({ profiles }: { profiles: readonly ProfileLegendEntry[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Legend">
      {profiles.map((profile, rank) => (
        <li
          key={profile.name}
          className="flex items-center gap-1"
          title={`ingress ${profile.ingress}; egress ${profile.egress}`}
        >
          <span className="inline-block h-3 w-3 rounded-full" style={{ background: profileColor(rank) }} />{" "}
          {profile.name}
        </li>
      ))}
      <li className="flex items-center gap-1">
        <span className="inline-block h-3 w-3 rounded-full bg-amber-500" />{" "}
        {profiles.length > 0 ? "no profile" : "application"}
      </li>
      <li className="flex items-center gap-1">
        <span className="inline-block h-3 w-3 rounded-sm bg-slate-700" /> platform
      </li>
      <li className="flex items-center gap-1">
        <span className="inline-block h-3 w-3 rotate-45 bg-purple-500" /> world, host, API server…
      </li>
      <li className="flex items-center gap-1">
        <span className="inline-block h-3 w-3 rounded-full border-2 border-dashed border-red-600" />{" "}
        enforcement off
      </li>
      <li className="flex items-center gap-1">
        <span className="inline-block h-0.5 w-5" style={{ background: DROPPED_COLOR }} /> dropped
      </li>
      <li className="flex items-center gap-1">
        <span className="inline-block h-0.5 w-5" style={{ background: FORWARDED_COLOR }} /> forwarded
      </li>
      <li className="flex items-center gap-1">
        <span
          className="inline-block w-5 border-t-2 border-dashed"
          style={{ borderColor: WOULD_DROP_COLOR }}
        />{" "}
        would drop if re-enabled
      </li>
    </ul>
  );
}
