import { DROPPED_COLOR, FORWARDED_COLOR, PROFILE_COLORS } from "./graph/graph-style";

/** What the graph's colors and shapes mean. */
export function GraphLegend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Legend">
      {Object.entries(PROFILE_COLORS).map(([profile, color]) => (
        <li key={profile} className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-full" style={{ background: color }} /> {profile}
        </li>
      ))}
      <li className="flex items-center gap-1">
        <span className="inline-block h-3 w-3 rounded-full bg-amber-500" /> no profile
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
    </ul>
  );
}
