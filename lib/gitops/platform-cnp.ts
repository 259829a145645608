// Renders the hand-crafted CiliumNetworkPolicy a platform namespace needs, from the platform's
// template: health probes, Prometheus scrape on the metrics port, DNS to kube-dns (UDP and TCP),
// and HBONE to and from ztunnel when the namespace is in the ambient mesh.

import { DEFAULT_CONVENTIONS, type Conventions } from "@/lib/conventions/conventions";
import { changeProblem, type AddPlatformCnp, type CnpRule, type CnpRules } from "./change";
import { ruleLines } from "./cnp-rule-yaml";
import { yamlDoubleQuoted, yamlString } from "./yaml-scalar";

export type PlatformCnpConventions = Pick<
  Conventions,
  "dnsTarget" | "scrapeSource" | "mesh" | "healthProbeCidr"
>;

export type RenderResult = { ok: true; fileName: string; content: string } | { ok: false; error: string };

function peer(namespace: string, labels: Record<string, string>): Record<string, string> {
  return { "io.kubernetes.pod.namespace": namespace, ...labels };
}

/** The HBONE rules (ztunnel, TCP 15008) for one direction. */
export function hboneRule(conventions: PlatformCnpConventions = DEFAULT_CONVENTIONS): CnpRule {
  const { ztunnel, hbonePort } = conventions.mesh;
  return {
    comment: "HBONE (ambient mesh)",
    endpoints: [peer(ztunnel.namespace, ztunnel.labels)],
    ports: [{ port: hbonePort, protocol: "TCP" }],
  };
}

/** Every rule the platform CNP of `change.namespace` carries, in template order. */
export function platformCnpRules(
  change: AddPlatformCnp,
  conventions: PlatformCnpConventions = DEFAULT_CONVENTIONS,
): Required<CnpRules> {
  const { dnsTarget, scrapeSource } = conventions;
  const ingress: CnpRule[] = [
    { comment: "Health probes", entities: ["health"] },
    { cidrs: [conventions.healthProbeCidr] },
    {
      comment: "Prometheus scraping",
      endpoints: [peer(scrapeSource.namespace, scrapeSource.labels)],
      ports: [{ port: change.metricsPort, protocol: "TCP" }],
    },
  ];
  const egress: CnpRule[] = [
    {
      comment: "DNS",
      endpoints: [peer(dnsTarget.namespace, dnsTarget.labels)],
      ports: dnsTarget.ports.flatMap((port) => [
        { port, protocol: "UDP" as const },
        { port, protocol: "TCP" as const },
      ]),
    },
  ];
  if (change.ambient) {
    ingress.push(hboneRule(conventions));
    egress.push(hboneRule(conventions));
  }
  ingress.push(...(change.extraRules?.ingress ?? []));
  egress.push(...(change.extraRules?.egress ?? []));
  return { ingress, egress };
}

/** The platform CNP file `<namespace>.yaml`, named `<namespace>-default`. */
export function renderPlatformCnp(
  change: AddPlatformCnp,
  conventions: PlatformCnpConventions = DEFAULT_CONVENTIONS,
): RenderResult {
  const problem = changeProblem(change);
  if (problem) return { ok: false, error: problem };
  const rules = platformCnpRules(change, conventions);
  const lines = [
    "---",
    "apiVersion: cilium.io/v2",
    "kind: CiliumNetworkPolicy",
    "metadata:",
    `  name: ${yamlString(`${change.namespace}-default`)}`,
    `  namespace: ${yamlString(change.namespace)}`,
    "spec:",
    `  description: ${yamlDoubleQuoted(change.description)}`,
    "  endpointSelector: {}",
    "  ingress:",
    ...rules.ingress.flatMap((rule) => ruleLines(rule, "ingress", 4)),
    "  egress:",
    ...rules.egress.flatMap((rule) => ruleLines(rule, "egress", 4)),
  ];
  return { ok: true, fileName: `${change.namespace}.yaml`, content: lines.join("\n") + "\n" };
}
