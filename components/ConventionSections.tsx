import type { ConventionsResponse } from "@/lib/api/responses";
import { baselinesSentence, enforcementLines } from "@/lib/conventions/baselines-wording";
import type { Conventions } from "@/lib/conventions/conventions";
import type { EnforcementState } from "@/lib/posture/enforcement";
import { evidenceAnchors, EvidenceLinks, EvidencePolicies } from "./ConventionEvidence";
import { HorizontalScroll } from "./HorizontalScroll";

function Section({
  title,
  testId,
  overridden,
  children,
}: {
  title: string;
  testId: string;
  overridden?: string | null;
  children: React.ReactNode;
}) {
  return (
    <section
      className="flex flex-col gap-2 rounded border border-slate-200 p-3 text-sm dark:border-slate-800"
      data-testid={testId}
    >
      <h2 className="font-semibold">{title}</h2>
      {overridden && (
        <p className="rounded bg-amber-50 px-2 py-1 text-amber-900">
          The conventions file overrides this: {overridden}
        </p>
      )}
      {children}
    </section>
  );
}

function overrideNote(
  fields: readonly (keyof Conventions)[],
  overridden: readonly (keyof Conventions)[],
  text: string,
): string | null {
  return fields.some((f) => overridden.includes(f)) ? text : null;
}

const ENFORCEMENT_TEST_IDS: Record<EnforcementState, string> = {
  enforced: "enforced-count",
  disabled: "enforcement-disabled",
  unselected: "wide-open",
};

const PLATFORM_REASONS = {
  "own-cnp": "has its own namespace-wide CNP and no profile",
  declared: "declared by the GitOps source",
  "fallback-list": "on the built-in list (no profile, no CNP of its own)",
} as const;

/** Each inferred convention with the policy it was read from, then those policies. */
export function ConventionEvidenceSections({ data }: { data: ConventionsResponse }) {
  const { inference: report, conventions } = data;
  const anchors = evidenceAnchors(data.evidence);
  const overridden = report.overridden;
  return (
    <>
      <Section
        title="Profiles"
        testId="conventions-profiles"
        overridden={overrideNote(
          ["profileLabel", "profiles", "profileGrants"],
          overridden,
          `label ${conventions.profileLabel || "(none)"}; profiles ${conventions.profiles.map((p) => p.name).join(", ") || "(none)"}`,
        )}
      >
        {report.profileLabel === null ? (
          <p>
            No cluster-wide policy selects namespaces by a label with several values: this cluster uses no
            profiles.
          </p>
        ) : (
          <>
            <p>
              Profile label{" "}
              <span className="font-mono font-medium" data-testid="profile-label">
                {report.profileLabel.key}
              </span>
              , selected by {report.profileLabel.evidence.length} cluster-wide policies.
            </p>
            <HorizontalScroll label="Profiles table">
              <table className="w-full text-left">
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th className="pr-3">Profile</th>
                    <th className="pr-3">Ingress</th>
                    <th className="pr-3">Egress</th>
                    <th>Read from</th>
                  </tr>
                </thead>
                <tbody>
                  {report.profiles.map((profile) => (
                    <tr
                      key={profile.name}
                      className="border-t border-slate-100 align-top"
                      data-profile={profile.name}
                    >
                      <td className="py-1 pr-3 font-medium">{profile.name}</td>
                      <td className="py-1 pr-3">{profile.ingress}</td>
                      <td className="py-1 pr-3">{profile.egress}</td>
                      <td className="py-1">
                        <EvidenceLinks evidence={profile.evidence} anchors={anchors} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </HorizontalScroll>
          </>
        )}
      </Section>

      <Section
        title="Access labels"
        testId="conventions-access"
        overridden={overrideNote(
          ["accessLabelPrefix", "accessLabels", "accessLabelValue"],
          overridden,
          conventions.accessLabels.map((a) => conventions.accessLabelPrefix + a.name).join(", ") || "(none)",
        )}
      >
        {report.accessLabels.length === 0 ? (
          <p>
            No cluster-wide policy opens a shared resource to namespaces labelled &quot;true&quot;: no access
            labels.
          </p>
        ) : (
          <HorizontalScroll label="Access labels table">
            <table className="w-full text-left">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="pr-3">Label (value &quot;true&quot;)</th>
                  <th className="pr-3">Opens egress to</th>
                  <th className="pr-3">Ports</th>
                  <th className="pr-3">Read from</th>
                  <th>Target side</th>
                </tr>
              </thead>
              <tbody>
                {report.accessLabels.map((access) => (
                  <tr
                    key={access.key}
                    className="border-t border-slate-100 align-top"
                    data-access={access.name}
                  >
                    <td className="py-1 pr-3 font-mono">{access.key}</td>
                    <td className="py-1 pr-3">
                      {access.resource}
                      {access.targetKind === "entity" ? " (entity)" : ""}
                    </td>
                    <td className="py-1 pr-3">{access.ports.join(", ")}</td>
                    <td className="py-1 pr-3">
                      <EvidenceLinks evidence={access.evidence} anchors={anchors} />
                    </td>
                    <td className="py-1">
                      <EvidenceLinks
                        evidence={access.targetIngress ? [access.targetIngress] : []}
                        anchors={anchors}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </HorizontalScroll>
        )}
      </Section>

      <Section
        title="Escape hatch"
        testId="conventions-escape-hatch"
        overridden={overrideNote(
          ["enforcementLabel", "enforcementDisabledValue"],
          overridden,
          conventions.enforcementLabel
            ? `${conventions.enforcementLabel}=${conventions.enforcementDisabledValue}`
            : "(none)",
        )}
      >
        {report.escapeHatch === null ? (
          <p>No policy selecting a namespace label allows everything: no escape hatch.</p>
        ) : (
          <>
            <p>
              Enforcement label{" "}
              <span className="font-mono font-medium" data-testid="enforcement-label">
                {report.escapeHatch.key}={report.escapeHatch.value}
              </span>{" "}
              lets all of a namespace&apos;s traffic through.
            </p>
            <EvidenceLinks evidence={report.escapeHatch.evidence} anchors={anchors} />
          </>
        )}
      </Section>

      <Section
        title="Baselines and enforcement"
        testId="conventions-baselines"
        overridden={overrideNote(
          ["baselineOptIn"],
          overridden,
          conventions.baselineOptIn
            ? `${conventions.baselineOptIn.key}=${conventions.baselineOptIn.value}`
            : "baselines select every pod",
        )}
      >
        <p data-testid="baselines-sentence">{baselinesSentence(report.baselines)}</p>
        <EvidenceLinks evidence={report.baselines.policies} anchors={anchors} />
        <ul className="flex flex-col gap-1">
          {enforcementLines(data.enforcement).map((line) => (
            <li key={line.state}>
              {line.label}: <span data-testid={ENFORCEMENT_TEST_IDS[line.state]}>{line.text}</span>
            </li>
          ))}
        </ul>
      </Section>

      <Section
        title="Platform namespaces"
        testId="conventions-platform"
        overridden={overrideNote(
          ["platformNamespaces"],
          overridden,
          conventions.platformNamespaces.join(", ") || "(none)",
        )}
      >
        <ul className="flex flex-col gap-1">
          {report.platformNamespaces.map((ns) => (
            <li key={ns.name} className="flex flex-wrap items-baseline gap-2">
              <span className="font-medium">{ns.name}</span>
              <span className="text-xs text-slate-600">
                {PLATFORM_REASONS[ns.reason]}
                {ns.declaredBy ? `: ${ns.declaredBy}` : ""}
              </span>
              {ns.evidence && <EvidenceLinks evidence={[ns.evidence]} anchors={anchors} />}
            </li>
          ))}
        </ul>
      </Section>

      {report.setAside.length > 0 && (
        <Section title="Namespace labels not taken for a convention" testId="conventions-set-aside">
          <ul className="flex flex-col gap-1">
            {report.setAside.map((label) => (
              <li key={label.key}>
                <span className="font-mono">{label.key}</span> ({label.values.join(", ")}): {label.reason}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title="Evidence: the policies read" testId="conventions-evidence">
        <EvidencePolicies views={data.evidence} anchors={anchors} />
      </Section>
    </>
  );
}
