// Sieve's evaluator against verdicts it did not write: each case's expectation comes from the
// oracle files (the Kubernetes conformance suite, Cilium's documentation), never from the evaluator.
// A case Sieve is known to judge differently asserts Sieve's documented answer, so the test fails
// when the behaviour changes in either direction and the limit must then be revisited.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import type { ConnectionQuery, DestinationEndpoint } from "../connection-query";
import { buildEvaluationContext, type EvaluationContext, type PolicyObjects } from "../evaluation-context";
import { connectionAllowed, evaluateConnection } from "../evaluate-flow";
import { parseOracleFile, type OracleCase, type OracleEndpointRef } from "./oracle-cases";

const FILES = ["k8s-netpol-e2e.yaml", "cilium-docs.yaml", "cyclonus-matcher.yaml"];
const read = (name: string) => readFileSync(path.join(__dirname, name), "utf8");
const casesByFile = FILES.map((file) => ({ file, cases: parseOracleFile(read(file)) }));
const allCases = casesByFile.flatMap((f) => f.cases);

// The objects are the upstream YAML as written; normalization reads every object as untrusted input.
function asObjects<T>(objects: readonly unknown[]): T[] {
  return objects as T[];
}

function clusterOf(c: OracleCase): PolicyObjects {
  const byKind = (kind: string) => c.policies.filter((p) => p.kind === kind);
  return {
    namespaces: asObjects(
      Object.entries(c.namespaces).map(([name, labels]) => ({ metadata: { name, labels } })),
    ),
    networkpolicies: asObjects(byKind("NetworkPolicy")),
    ciliumnetworkpolicies: asObjects(byKind("CiliumNetworkPolicy")),
    ciliumclusterwidenetworkpolicies: asObjects(byKind("CiliumClusterwideNetworkPolicy")),
  };
}

function endpointOf(c: OracleCase, ref: OracleEndpointRef): DestinationEndpoint {
  if (typeof ref === "string") {
    const pod = c.pods[ref]!;
    return {
      kind: "pod",
      namespace: pod.namespace,
      labels: pod.labels,
      name: pod.name,
      ...(pod.serviceAccount ? { serviceAccount: pod.serviceAccount } : {}),
    };
  }
  if ("entity" in ref) return { kind: "entity", entity: ref.entity };
  if ("cidr" in ref) return { kind: "cidr", cidr: ref.cidr, dnsNames: ref.dnsNames ?? [] };
  return { kind: "fqdn", name: ref.fqdn, ...(ref.ip ? { ip: ref.ip } : {}) };
}

function queryOf(c: OracleCase): ConnectionQuery {
  const source = endpointOf(c, c.from);
  if (source.kind === "fqdn") throw new Error(`${c.id}: a DNS name cannot be a source`);
  return { source, destination: endpointOf(c, c.to), port: c.port, protocol: c.protocol };
}

// Cases of one test share their cluster: build its context once.
const contexts = new Map<string, EvaluationContext>();
function contextOf(c: OracleCase): EvaluationContext {
  const key = `${c.source.repo}|${c.test}`;
  let context = contexts.get(key);
  if (!context) {
    context = buildEvaluationContext(clusterOf(c), DEFAULT_CONVENTIONS);
    contexts.set(key, context);
  }
  return context;
}

describe("the oracle files", () => {
  it("hold at least 150 cases from at least two outside sources, each citing where it comes from", () => {
    expect(allCases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(allCases.map((c) => c.source.repo)).size).toBeGreaterThanOrEqual(2);
    for (const c of allCases) expect(c.source.commit ?? c.cite ?? c.source.url, c.id).toBeTruthy();
  });

  it("judge both ways: each file expects allowed and denied connections", () => {
    for (const { file, cases } of casesByFile) {
      expect(
        cases.some((c) => c.expected === "allowed"),
        file,
      ).toBe(true);
      expect(
        cases.some((c) => c.expected === "denied"),
        file,
      ).toBe(true);
    }
  });

  it("name only limits the KNOWN-LIMITS section documents, and every documented limit is used", () => {
    const readme = read("README.md");
    const section = readme.slice(readme.indexOf("## KNOWN-LIMITS"));
    const documented = [...section.matchAll(/^### `([a-z0-9-]+)`/gm)].map((m) => m[1]);
    const used = new Set(allCases.flatMap((c) => (c.differs ? [c.differs.limit] : [])));
    expect(documented.length).toBeGreaterThan(0);
    expect([...used].sort()).toEqual([...new Set(documented)].sort());
  });

  it("reject a malformed table instead of skipping it", () => {
    const text = [
      "source: { repo: a/b, path: x }",
      "namespaces: { x: {} }",
      "tests:",
      "  - name: t",
      "    pods: { x/a: { labels: {} }, x/b: { labels: {} } }",
      "    policies: []",
      "    matrices: [{ port: 80, protocol: TCP, rows: { x/a: '-.', x/b: '.' } }]",
    ].join("\n");
    expect(() => parseOracleFile(text)).toThrow(/row x\/b has 1 cells/);
  });
});

describe.each(casesByFile)("$file", ({ cases }) => {
  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const context = contextOf(c);
    const query = queryOf(c);
    const verdict = evaluateConnection(query, context);
    // The fast path the fix proofs use must agree with the full evaluation.
    expect(connectionAllowed(query, context)).toBe(verdict.allowed);
    const sieve = verdict.allowed ? "allowed" : "denied";
    if (c.differs) expect(sieve, `known limit ${c.differs.limit}`).toBe(c.differs.sieve);
    else expect(sieve, verdict.sentence).toBe(c.expected);
  });
});
