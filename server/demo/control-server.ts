import "server-only";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { HUBBLE_VERDICTS, type HubbleFlowJson } from "@/lib/hubble/flow-json";
import { parseTimestamp } from "@/lib/hubble/timestamp";
import { loadObserverProto } from "@/server/hubble/observer-proto";
import { flowJsonToWire } from "@/server/hubble/wire-json";
import { WATCHED_KINDS } from "@/lib/kube/kinds";
import type { WatchedKind } from "@/lib/kube/types";
import type { FaultMode } from "./fault-proxy";
import { BodyTooLarge, readRequestBody } from "./request-body";

// A test hook for the demo cluster: end-to-end tests POST flows here to make the demo relay
// publish exactly the flow a journey needs. Loopback only, JSON only, validated like the relay's
// own input so that a bad flow is refused here instead of breaking every GetFlows stream.

/** Faults the demo can play for fault-injection tests (POST /faults). */
export interface DemoFaults {
  /** Put the proxy in front of the API server or the relay in a mode. */
  setMode(target: "kube" | "relay", mode: FaultMode): void;
  /** Kinds the API server answers 403 on; [] lifts it. */
  forbid(kinds: WatchedKind[]): void;
  /** false: the API server answers 401 to every request. */
  acceptToken(accept: boolean): void;
  /** Restart the API server with a new CA and rewrite the kubeconfig, as a cluster's CA rotation. */
  rotateCa(): Promise<void>;
}

export interface DemoControlOptions {
  publish(flow: HubbleFlowJson): void;
  /** Without it, POST /faults answers 404. */
  faults?: DemoFaults;
  /** Default 0: any free port. Always on 127.0.0.1. */
  port?: number;
}

export interface DemoControl {
  /** http://127.0.0.1:port */
  url: string;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_FLOWS = 1000;

const port = z.number().int().min(0).max(65535);
const transport = z.looseObject({ source_port: port.optional(), destination_port: port.optional() });
const endpoint = z.looseObject({
  ID: z.number().int().nonnegative().optional(),
  identity: z.number().int().nonnegative().optional(),
  cluster_name: z.string().optional(),
  namespace: z.string().optional(),
  labels: z.array(z.string()).optional(),
  pod_name: z.string().optional(),
  workloads: z.array(z.looseObject({ name: z.string(), kind: z.string() })).optional(),
});
const policy = z.looseObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
  kind: z.string().optional(),
});

const flowSchema = z.looseObject({
  time: z.string().refine((text) => parseTimestamp(text) !== null, "time must be an RFC 3339 timestamp"),
  uuid: z.string().optional(),
  verdict: z.enum(HUBBLE_VERDICTS),
  drop_reason_desc: z.string().optional(),
  IP: z
    .looseObject({
      source: z.string().optional(),
      destination: z.string().optional(),
      ipVersion: z.enum(["IP_NOT_USED", "IPv4", "IPv6"]).optional(),
    })
    .optional(),
  l4: z
    .looseObject({
      TCP: transport.extend({ flags: z.record(z.string(), z.boolean()).optional() }).optional(),
      UDP: transport.optional(),
      SCTP: transport.optional(),
    })
    .optional(),
  source: endpoint.optional(),
  destination: endpoint.optional(),
  Type: z.enum(["UNKNOWN_TYPE", "L3_L4", "L7", "SOCK"]).optional(),
  node_name: z.string().optional(),
  source_names: z.array(z.string()).optional(),
  destination_names: z.array(z.string()).optional(),
  traffic_direction: z.enum(["TRAFFIC_DIRECTION_UNKNOWN", "INGRESS", "EGRESS"]).optional(),
  is_reply: z.boolean().optional(),
  Summary: z.string().optional(),
  egress_allowed_by: z.array(policy).optional(),
  ingress_allowed_by: z.array(policy).optional(),
  egress_denied_by: z.array(policy).optional(),
  ingress_denied_by: z.array(policy).optional(),
});

const bodySchema = z.array(flowSchema).min(1).max(MAX_FLOWS);

const faultMode = z.enum(["pass", "refuse", "freeze"]);
const faultSchema = z.strictObject({
  kube: faultMode.optional(),
  relay: faultMode.optional(),
  forbid: z.array(z.enum(WATCHED_KINDS.map((k) => k.kind) as [WatchedKind, ...WatchedKind[]])).optional(),
  acceptToken: z.boolean().optional(),
  rotateCa: z.literal(true).optional(),
});

async function applyFaults(faults: DemoFaults, body: unknown): Promise<Record<string, unknown>> {
  const parsed = faultSchema.safeParse(body);
  if (!parsed.success) {
    throw new Refusal(
      400,
      `expected {kube?, relay?: pass|refuse|freeze, forbid?, acceptToken?, rotateCa?}${whereRefused(parsed.error)}`,
    );
  }
  const wanted = parsed.data;
  if (wanted.kube) faults.setMode("kube", wanted.kube);
  if (wanted.relay) faults.setMode("relay", wanted.relay);
  if (wanted.forbid) faults.forbid(wanted.forbid);
  if (wanted.acceptToken !== undefined) faults.acceptToken(wanted.acceptToken);
  if (wanted.rotateCa) await faults.rotateCa();
  return wanted;
}

/** " at items.0.field": where a refused body first goes wrong; nothing when it is the whole body. */
function whereRefused(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? [];
  return path.length > 0 ? ` at ${path.join(".")}` : "";
}

class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

function readBody(request: IncomingMessage): Promise<string> {
  return readRequestBody(request, MAX_BODY_BYTES).catch((error: unknown) => {
    throw error instanceof BodyTooLarge ? new Refusal(413, error.message) : error;
  });
}

/** Flows the relay can serve: the shape checked, then each one encoded as the relay will encode it. */
export function parseFlows(body: unknown): HubbleFlowJson[] {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) {
    throw new Refusal(
      400,
      `expected a JSON array of 1-${MAX_FLOWS} Hubble flows${whereRefused(parsed.error)}: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  }
  const flows = parsed.data as HubbleFlowJson[];
  const { GetFlows } = loadObserverProto().service;
  flows.forEach((flow, index) => {
    try {
      GetFlows.responseSerialize({ flow: flowJsonToWire(flow), node_name: flow.node_name ?? "" });
    } catch (error) {
      throw new Refusal(400, `flow ${index} cannot be encoded as a flow.Flow: ${(error as Error).message}`);
    }
  });
  return flows;
}

export async function startDemoControl(options: DemoControlOptions): Promise<DemoControl> {
  let boundPort = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${boundPort}`, `localhost:${boundPort}`]);

  async function handle(request: IncomingMessage): Promise<{ code: number; body: unknown }> {
    // Loopback only, and only when addressed by a loopback name: a web page cannot rebind a
    // hostname of its own to this port, and must send JSON, which a cross-site form cannot.
    if (!isLoopback(request.socket.remoteAddress) || !allowedHosts().has(request.headers.host ?? "")) {
      throw new Refusal(
        403,
        "the demo control hook only answers loopback requests to 127.0.0.1 or localhost",
      );
    }
    const path = new URL(request.url ?? "/", "http://control").pathname;
    const paths = options.faults ? ["/flows", "/faults"] : ["/flows"];
    if (!paths.includes(path)) throw new Refusal(404, `no such path ${path}; POST ${paths.join(" or ")}`);
    if (request.method !== "POST") throw new Refusal(405, "use POST");
    const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") throw new Refusal(415, "send Content-Type: application/json");
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch (error) {
      if (error instanceof Refusal) throw error;
      throw new Refusal(400, "the body is not valid JSON");
    }
    if (path === "/faults") return { code: 200, body: { applied: await applyFaults(options.faults!, body) } };
    const flows = parseFlows(body);
    for (const flow of flows) options.publish(flow);
    return { code: 200, body: { published: flows.length } };
  }

  function respond(response: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    response.writeHead(code, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
      ...(code === 405 ? { Allow: "POST" } : {}),
    });
    response.end(text);
  }

  const server = http.createServer((request, response) => {
    handle(request).then(
      ({ code, body }) => respond(response, code, body),
      (error: unknown) => {
        if (error instanceof Refusal) respond(response, error.code, { error: error.message });
        else respond(response, 500, { error: (error as Error).message });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  boundPort = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${boundPort}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
