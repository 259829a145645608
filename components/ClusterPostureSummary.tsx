import { refLabel } from "@/lib/policy/model";
import type { ClusterPosture } from "@/lib/posture/cluster-posture";
import { KubernetesUnknownNotice } from "./KubernetesUnknownNotice";
import { SeverityBadge } from "./SeverityBadge";

/** The cluster-level answer first: is anything enforced, are the baselines there, how many namespaces are in trouble. */
export function ClusterPostureSummary({ posture }: { posture: ClusterPosture }) {
  const { cni, baselines, counts, findings, hostPolicies, knowledge } = posture;
  return (
    <div className="flex flex-col gap-2">
      <KubernetesUnknownNotice knowledge={knowledge} />
      {!cni.enforcing && cni.known && (
        <div
          role="alert"
          data-testid="cni-inert"
          className="rounded border border-red-400 bg-red-50 px-3 py-2 text-red-900"
        >
          <p className="font-semibold">
            No enforcing CNI: every policy below is inert and all traffic flows.
          </p>
          <p className="text-sm">{cni.message}</p>
        </div>
      )}
      <dl className="grid grid-cols-2 gap-2 text-sm md:grid-cols-5" data-testid="posture-counts">
        <div className="rounded border border-slate-200 p-2 dark:border-slate-800">
          <dt className="text-slate-500">Namespaces</dt>
          <dd className="text-lg font-semibold">{counts.namespaces}</dd>
          <dd className="text-xs text-slate-500">
            {counts.byKind.application} application · {counts.byKind.platform} platform
          </dd>
        </div>
        {(knowledge.unknown.length > 0 ? [] : (["critical", "warning", "info", "ok"] as const)).map(
          (status) => (
            <div
              key={status}
              className="rounded border border-slate-200 p-2 dark:border-slate-800"
              data-status={status}
            >
              <dt>
                <SeverityBadge severity={status} />
              </dt>
              <dd className="text-lg font-semibold">{counts.byStatus[status]}</dd>
              <dd className="text-xs text-slate-500">namespaces</dd>
            </div>
          ),
        )}
      </dl>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Cluster checks">
        <li data-testid="cni-check" data-known={cni.known}>
          {!cni.known ? "?" : cni.enforcing ? "✓" : "✗"} {cni.message}
        </li>
        {(["dns", "health", "scrape"] as const).map((key) => (
          <li key={key} data-baseline={key} data-status={baselines[key].status}>
            {baselines[key].status === "present" ? "✓" : baselines[key].status === "unknown" ? "?" : "✗"}{" "}
            {key} baseline {baselines[key].status}
            {baselines[key].policies.length > 0 && (
              <span className="text-slate-500"> ({baselines[key].policies.join(", ")})</span>
            )}
          </li>
        ))}
        <li>
          {counts.byEnforcement.disabled > 0 ? "⚠" : "✓"} enforcement disabled in{" "}
          {counts.byEnforcement.disabled} namespace(s)
        </li>
        <li data-testid="wide-open-count">
          {counts.byEnforcement.unselected > 0 ? "⚠" : "✓"} wide open (no policy selects them):{" "}
          {counts.byEnforcement.unselected} namespace(s)
        </li>
      </ul>
      {hostPolicies.length > 0 && (
        <ul className="flex flex-col gap-1 text-sm" aria-label="Host policies" data-testid="host-policies">
          {hostPolicies.map((p) => (
            <li key={p.id} data-policy={p.ref.name}>
              <span className="font-mono">{refLabel(p.ref)}</span>: {p.subject}
              <span className="text-slate-500">
                {" "}
                · selects nodes, not pods: no namespace conclusion is drawn
              </span>
              {p.description && <span className="block text-xs italic text-slate-600">{p.description}</span>}
            </li>
          ))}
        </ul>
      )}
      {findings.length > 0 && (
        <ul className="flex flex-col gap-1 text-sm" aria-label="Cluster findings">
          {findings.map((f) => (
            <li key={f.message} className="flex items-baseline gap-2">
              <SeverityBadge severity={f.severity} /> {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
