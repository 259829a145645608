import { refLabel } from "@/lib/policy/model";
import { withSummaries, type SelectingPolicy } from "@/lib/posture/namespace-posture";
import { POLICY_ROLE_ORDER, type PolicyRole } from "@/lib/posture/policy-roles";
import type { PolicyView } from "@/lib/posture/policy-view";

const ROLE_TITLES: Record<PolicyRole, string> = {
  baseline: "Baselines (cluster-wide)",
  profile: "Profile",
  access: "Access labels",
  "escape-hatch": "Escape hatch",
  "cluster-wide": "Other cluster-wide policies",
  host: "Host policies (nodes)",
  namespace: "The namespace's own policies",
};

/** Every policy that selects the namespace, grouped by the part it plays, with each rule in words. */
export function SelectingPoliciesList({
  policies,
  views,
}: {
  policies: SelectingPolicy[];
  views: PolicyView[];
}) {
  const viewById = new Map(views.map((v) => [v.id, v]));
  // The views say what each policy is; the selections say how much of the namespace it selects.
  const selecting = withSummaries(policies, Object.fromEntries(viewById));
  if (selecting.length === 0) {
    return (
      <p className="text-sm text-amber-800">
        No policy selects this namespace: its traffic is not restricted.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3" data-testid="selecting-policies">
      {POLICY_ROLE_ORDER.filter((role) => selecting.some((p) => p.role === role)).map((role) => (
        <div key={role}>
          <h3 className="mb-1 font-medium">{ROLE_TITLES[role]}</h3>
          <ul className="flex flex-col gap-2">
            {selecting
              .filter((p) => p.role === role)
              .map((policy) => {
                const view = viewById.get(policy.id);
                return (
                  <li
                    key={policy.id}
                    className="rounded border border-slate-200 p-2 text-sm dark:border-slate-800"
                    data-policy={policy.ref.name}
                  >
                    <p className="font-mono font-medium">{refLabel(policy.ref)}</p>
                    <p className="text-xs text-slate-600">
                      {view?.subject ?? ""} · {policy.directions.join(" + ") || "no direction"} ·{" "}
                      {policy.coverage === "all" ? "all pods" : `${policy.podsSelected ?? "some"} pods`}
                      {policy.roleDetail ? ` · for ${policy.roleDetail}` : ""}
                    </p>
                    {view?.description && <p className="text-xs italic text-slate-600">{view.description}</p>}
                    {view && view.rules.length > 0 && (
                      <ul className="mt-1 flex flex-col gap-0.5 text-xs">
                        {view.rules.map((rule) => (
                          <li key={rule.id} className={rule.deny ? "text-red-800" : ""}>
                            <span className="text-slate-400">{rule.id}</span> {rule.text}
                            {rule.l7.map((line) => (
                              <span key={line} className="block pl-4 font-mono text-slate-600">
                                {line}
                              </span>
                            ))}
                            {rule.notes.map((note) => (
                              <span key={note} className="block pl-4 text-amber-800">
                                {note}
                              </span>
                            ))}
                          </li>
                        ))}
                      </ul>
                    )}
                    {view?.problems.map((problem) => (
                      <p key={problem} className="text-xs text-red-700">
                        {problem}
                      </p>
                    ))}
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
    </div>
  );
}
