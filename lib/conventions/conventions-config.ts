import { z } from "zod";
import { parseIpPrefix } from "@/lib/net/ip-address";
import { DEFAULT_CONVENTIONS, type Conventions } from "./conventions";

// A team's own conventions, from a YAML or JSON document: any field given is validated and
// overrides what Sieve inferred from the policies; any field left out keeps the inferred value. A
// problem is one line naming the field, and then nothing in the file is used.

const labelKey = z
  .string()
  .min(1)
  .max(317)
  .regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?\/?$/, "not a label key");
/** "" says the repository does not use that vocabulary. */
const unusedLabelKey = z.literal("");
const labelValue = z.string().max(63);
const name = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "not a DNS label");
const port = z.number().int().min(1).max(65535);
const peer = z.object({ namespace: name, labels: z.record(labelKey, labelValue) }).strict();
const durationMs = z.number().int().min(0);

const schema = z
  .object({
    profileLabel: labelKey.or(unusedLabelKey),
    enforcementLabel: labelKey.or(unusedLabelKey),
    enforcementDisabledValue: labelValue,
    accessLabelPrefix: z.string().max(253),
    accessLabelValue: labelValue,
    baselineOptIn: z.object({ key: labelKey, value: labelValue }).strict().nullable(),
    profiles: z.array(z.object({ name, ingress: z.string(), egress: z.string(), use: z.string() }).strict()),
    accessLabels: z.array(
      z.object({ name, resource: z.string().min(1), target: name, ports: z.array(port).min(1) }).strict(),
    ),
    platformNamespaces: z.array(name),
    dnsTarget: peer.extend({ ports: z.array(port).min(1) }),
    scrapeSource: peer,
    gateway: z
      .object({ namespace: name, nameLabel: labelKey, internalName: labelValue, externalName: labelValue })
      .strict(),
    mesh: z
      .object({ ztunnel: peer, hbonePort: port, dataplaneLabel: labelKey, dataplaneValue: labelValue })
      .strict(),
    profileGrants: z.array(
      z
        .object({ profile: name, gatewayIngress: z.array(labelValue), worldEgressPorts: z.array(port) })
        .strict(),
    ),
    healthProbeCidr: z.string().refine((text) => parseIpPrefix(text) !== null, "not a CIDR"),
    escapeHatchRunbook: z.string().min(1).max(500),
    enforcementAlerts: z
      .object({
        warning: z.object({ name: z.string().min(1), afterMs: durationMs }).strict(),
        critical: z.object({ name: z.string().min(1), afterMs: durationMs }).strict(),
      })
      .strict(),
    cniAgent: peer,
  })
  .partial()
  .strict();

export interface ConventionsResult {
  /** The defaults with the file's fields applied. */
  conventions: Conventions;
  /** Only the fields the file gives; empty when it has problems. */
  overrides: Partial<Conventions>;
  problems: string[];
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

/**
 * Conventions from a parsed document; top-level fields replace whole fields. Profile grants are
 * checked against the file's profiles when it gives both (otherwise the profiles are inferred).
 */
export function conventionsFrom(document: unknown): ConventionsResult {
  const none = { conventions: DEFAULT_CONVENTIONS, overrides: {} };
  if (document === null || document === undefined) return { ...none, problems: [] };
  const parsed = schema.safeParse(document);
  if (!parsed.success) {
    return {
      ...none,
      problems: parsed.error.issues.map(
        (issue) => `${fieldPath(issue.path) || "(document)"}: ${issue.message}`,
      ),
    };
  }
  const overrides = parsed.data as Partial<Conventions>;
  const conventions: Conventions = { ...DEFAULT_CONVENTIONS, ...overrides };
  const problems: string[] = [];
  if (overrides.profiles && overrides.profileGrants) {
    const profileNames = new Set(overrides.profiles.map((p) => p.name));
    for (const grant of overrides.profileGrants) {
      if (!profileNames.has(grant.profile))
        problems.push(`profileGrants: profile "${grant.profile}" is not in profiles`);
    }
  }
  if (conventions.enforcementAlerts.critical.afterMs < conventions.enforcementAlerts.warning.afterMs) {
    problems.push("enforcementAlerts: the critical alert must not fire before the warning");
  }
  return problems.length > 0 ? { ...none, problems } : { conventions, overrides, problems };
}
