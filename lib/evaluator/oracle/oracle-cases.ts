// Reads the oracle files: verdicts written by others (the Kubernetes conformance suite, Cilium's
// documentation), transcribed as data, and expands each into one case per connection. Nothing here
// computes a verdict; the expectations are the files' own.
//
// A file holds tests; a test is a cluster (namespaces and their labels, pods and theirs), the policies
// applied to it, and the connections judged, either listed one by one or as truth tables (rows are
// clients, columns servers in the order of `pods`; "." connected, "X" blocked, "-" not judged).
// A connection Sieve is known to judge differently carries `differs`: Sieve's verdict and the id of
// the known limit (README.md, KNOWN-LIMITS) that explains it.

import { parse } from "yaml";
import { z } from "zod";
import type { FlowProtocol } from "@/lib/flows/flow";

const labelsSchema = z.record(z.string(), z.string());
const verdictSchema = z.enum(["allowed", "denied"]);
const protocolSchema = z.enum(["TCP", "UDP", "SCTP", "ICMPv4", "ICMPv6"]);
const limitSchema = z.string().regex(/^[a-z0-9-]+$/);

const endpointRefSchema = z.union([
  z.string().regex(/^[^/]+\/[^/]+$/, "a pod as namespace/name"),
  z.strictObject({ entity: z.string() }),
  z.strictObject({ cidr: z.string(), dnsNames: z.array(z.string()).optional() }),
  z.strictObject({ fqdn: z.string(), ip: z.string().optional() }),
]);

const differenceSchema = z.strictObject({ sieve: verdictSchema, limit: limitSchema });

const connectionSchema = z.strictObject({
  from: endpointRefSchema,
  to: endpointRefSchema,
  port: z.number().int().min(1).max(65535).nullable(),
  protocol: protocolSchema,
  expect: verdictSchema,
  differs: differenceSchema.optional(),
});

const matrixSchema = z.strictObject({
  port: z.number().int().min(1).max(65535),
  protocol: protocolSchema,
  rows: z.record(z.string(), z.string()),
  differs: z
    .array(z.strictObject({ from: z.string(), to: z.string(), sieve: verdictSchema, limit: limitSchema }))
    .default([]),
});

const podSchema = z.strictObject({ labels: labelsSchema, serviceAccount: z.string().optional() });

const testSchema = z.strictObject({
  name: z.string().min(1),
  cite: z.string().optional(),
  note: z.string().optional(),
  namespaces: z.record(z.string(), labelsSchema).optional(),
  pods: z.record(z.string(), podSchema),
  policies: z.array(z.record(z.string(), z.unknown())),
  matrices: z.array(matrixSchema).default([]),
  connections: z.array(connectionSchema).default([]),
});

const fileSchema = z.strictObject({
  source: z.strictObject({
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    path: z.string(),
    commit: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional(),
    url: z.string().url().optional(),
    also: z.array(z.string()).optional(),
  }),
  namespaces: z.record(z.string(), labelsSchema).default({}),
  tests: z.array(testSchema).min(1),
});

export type OracleVerdict = z.infer<typeof verdictSchema>;
export type OracleEndpointRef = z.infer<typeof endpointRefSchema>;
export type OracleSource = z.infer<typeof fileSchema>["source"];

export interface OraclePod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  serviceAccount?: string;
}

export interface OracleCase {
  /** "<file test name> | <from> -> <to> <protocol>/<port>", unique within a file. */
  id: string;
  source: OracleSource;
  test: string;
  cite: string | undefined;
  namespaces: Record<string, Record<string, string>>;
  pods: Record<string, OraclePod>;
  policies: Record<string, unknown>[];
  from: OracleEndpointRef;
  to: OracleEndpointRef;
  port: number | null;
  protocol: FlowProtocol;
  /** What the source says. */
  expected: OracleVerdict;
  /** Present when Sieve is known to answer differently, and why. */
  differs?: { sieve: OracleVerdict; limit: string };
}

function describeRef(ref: OracleEndpointRef): string {
  if (typeof ref === "string") return ref;
  if ("entity" in ref) return `entity:${ref.entity}`;
  if ("cidr" in ref) return `cidr:${ref.cidr}`;
  return `fqdn:${ref.fqdn}`;
}

function podsOf(test: z.infer<typeof testSchema>): Record<string, OraclePod> {
  const pods: Record<string, OraclePod> = {};
  for (const [key, pod] of Object.entries(test.pods)) {
    const [namespace = "", name = ""] = key.split("/");
    if (!namespace || !name) throw new Error(`${test.name}: pod "${key}" is not namespace/name`);
    pods[key] = {
      namespace,
      name,
      labels: pod.labels,
      ...(pod.serviceAccount ? { serviceAccount: pod.serviceAccount } : {}),
    };
  }
  return pods;
}

type Connection = Omit<OracleCase, "id" | "source" | "test" | "cite" | "namespaces" | "pods" | "policies">;

function matrixConnections(
  test: z.infer<typeof testSchema>,
  matrix: z.infer<typeof matrixSchema>,
): Connection[] {
  const columns = Object.keys(test.pods);
  const rows = Object.entries(matrix.rows);
  const where = `${test.name} (${matrix.protocol}/${matrix.port})`;
  if (rows.map(([from]) => from).join(",") !== columns.join(","))
    throw new Error(`${where}: rows must be the pods, in order (${columns.join(", ")})`);
  const connections: Connection[] = [];
  const differences = new Map(matrix.differs.map((d) => [`${d.from}>${d.to}`, d]));
  for (const [from, cells] of rows) {
    if (cells.length !== columns.length) throw new Error(`${where}: row ${from} has ${cells.length} cells`);
    for (const [i, cell] of [...cells].entries()) {
      const to = columns[i]!;
      if (cell === "-") {
        if (from !== to) throw new Error(`${where}: ${from} -> ${to} is not judged; only loopback may be`);
        continue;
      }
      if (cell !== "." && cell !== "X") throw new Error(`${where}: cell "${cell}" is not ".", "X" or "-"`);
      const difference = differences.get(`${from}>${to}`);
      differences.delete(`${from}>${to}`);
      connections.push({
        from,
        to,
        port: matrix.port,
        protocol: matrix.protocol,
        expected: cell === "." ? "allowed" : "denied",
        ...(difference ? { differs: { sieve: difference.sieve, limit: difference.limit } } : {}),
      });
    }
  }
  if (differences.size > 0)
    throw new Error(`${where}: differs names cells not in the table: ${[...differences.keys()].join(", ")}`);
  return connections;
}

/** Every case of one oracle file. Throws on a malformed file: a silently skipped case proves nothing. */
export function parseOracleFile(text: string): OracleCase[] {
  const file = fileSchema.parse(parse(text));
  const cases: OracleCase[] = [];
  const ids = new Set<string>();
  for (const test of file.tests) {
    const pods = podsOf(test);
    const namespaces = test.namespaces ?? file.namespaces;
    for (const pod of Object.values(pods)) {
      if (!(pod.namespace in namespaces))
        throw new Error(`${test.name}: namespace ${pod.namespace} is not declared`);
    }
    const connections: Connection[] = [
      ...test.matrices.flatMap((matrix) => matrixConnections(test, matrix)),
      ...test.connections.map(({ expect, ...rest }) => ({ ...rest, expected: expect })),
    ];
    if (connections.length === 0) throw new Error(`${test.name}: no connection is judged`);
    for (const connection of connections) {
      for (const ref of [connection.from, connection.to]) {
        if (typeof ref === "string" && !(ref in pods))
          throw new Error(`${test.name}: ${ref} is not one of its pods`);
      }
      if (connection.differs && connection.differs.sieve === connection.expected)
        throw new Error(`${test.name}: a difference must differ from the expectation`);
      const id = `${test.name} | ${describeRef(connection.from)} -> ${describeRef(connection.to)} ${connection.protocol}/${connection.port ?? "-"}`;
      if (ids.has(id)) throw new Error(`duplicate case ${id}`);
      ids.add(id);
      cases.push({
        id,
        source: file.source,
        test: test.name,
        cite: test.cite,
        namespaces,
        pods,
        policies: test.policies,
        ...connection,
      });
    }
  }
  return cases;
}
