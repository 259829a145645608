import type { Conventions } from "@/lib/conventions/conventions";
import { dropCount } from "@/lib/flows/flow";
import { namespaceNodeId } from "@/lib/graph/graph-ids";
import type { GraphEdgeView, GraphSnapshot } from "@/lib/graph/graph-snapshot";
import { identityFlagValues } from "@/lib/hubble/flow-filters";
import {
  observeCommand,
  observeFlags,
  observeSinceOfWindow,
  type ObservePeer,
} from "@/lib/hubble/observe-command";
import { isReservedIdentity } from "./drop-classes";
import { dropHistoryOf, dropRecovery, LET_THROUGH_VERDICTS, type DeliveredSince } from "./drop-recovery";

// The runbook's "verify specific flows" sequence for one namespace, answered from the graph
// snapshot rather than from raw flows: the snapshot is already windowed and bounded, and the
// checklist then agrees with the graph drawn next to it. The price is namespace granularity:
// edges carry no pod labels, so any pod of the monitoring namespace counts as a scrape, and any
// pod of kube-system on the DNS port as DNS.

export type ConnectivityCheckId = "dns" | "database" | "internet" | "gateway" | "scrape";

export type ConnectivityStatus = "ok" | "dropped" | "recovered" | "recovery-unknown" | "no-traffic";

export interface ConnectivityCheck {
  id: ConnectivityCheckId;
  label: string;
  /**
   * ok: let through and never dropped; dropped: dropping; recovered: dropped earlier in the window,
   * not since `recoveredSince` (lib/drops/drop-recovery); recovery-unknown: its drops stopped while
   * the relay was not delivering every flow; no-traffic: nothing seen.
   */
  status: ConnectivityStatus;
  /** The last drop of a recovered check; null otherwise. */
  recoveredSince: number | null;
  forwarded: number;
  /** Drops, AUDIT (would be dropped, let through) included: the same count the graph and /drops show. */
  dropped: number;
  /** Of those, the ones audit mode let through. */
  audited: number;
  lastSeen: number | null;
  lastDropAt: number | null;
  /** The graph edges the check looked at, to jump to them. */
  edgeIds: string[];
  /** The Hubble command that shows the same flows. */
  command: string;
}

export interface ConnectivityChecklist {
  namespace: string;
  windowMs: number;
  checks: ConnectivityCheck[];
}

interface CheckSpec {
  id: ConnectivityCheckId;
  label: string;
  matches: (edge: GraphEdgeView) => boolean;
  command: string;
}

/**
 * Pass a snapshot without a verdict filter: the checklist needs forwarded flows too; and whether the
 * relay delivered every flow since a time, which a recovery rests on.
 */
export function connectivityChecklist(
  namespace: string,
  snapshot: GraphSnapshot,
  conventions: Conventions,
  deliveredSince: DeliveredSince,
): ConnectivityChecklist {
  const since = observeSinceOfWindow(snapshot.windowMs);
  const checks = checkSpecs(namespace, conventions, since).map((spec) =>
    evaluate(spec, snapshot.edges, snapshot.now, deliveredSince),
  );
  return { namespace, windowMs: snapshot.windowMs, checks };
}

function checkSpecs(namespace: string, conventions: Conventions, since: string): CheckSpec[] {
  const self = namespaceNodeId(namespace);
  const { dnsTarget, gateway, scrapeSource } = conventions;
  const worldPorts = [...new Set(conventions.profileGrants.flatMap((g) => g.worldEgressPorts))];
  const internetPorts = worldPorts.length > 0 ? worldPorts : [443];
  const specs: CheckSpec[] = [
    {
      id: "dns",
      label: `DNS (${dnsTarget.namespace} :${dnsTarget.ports.join("/")})`,
      matches: (e) =>
        e.source === self && e.target === namespaceNodeId(dnsTarget.namespace) && hasPort(e, dnsTarget.ports),
      command: command({ namespace }, { namespace: dnsTarget.namespace }, dnsTarget.ports, since),
    },
  ];
  const database = conventions.accessLabels.find((a) => a.name === "postgres") ?? conventions.accessLabels[0];
  if (database) {
    const target = isReservedIdentity(database.target) ? database.target : namespaceNodeId(database.target);
    const to: ObservePeer = isReservedIdentity(database.target)
      ? { identities: identityFlagValues(database.target) }
      : { namespace: database.target };
    specs.push({
      id: "database",
      label: `Database (${database.resource}, ${database.target} :${database.ports.join("/")})`,
      matches: (e) => e.source === self && e.target === target && hasPort(e, database.ports),
      command: command({ namespace }, to, database.ports, since),
    });
  }
  specs.push(
    {
      id: "internet",
      label: `Internet egress (world :${internetPorts.join("/")})`,
      matches: (e) => e.source === self && e.target === "world" && hasPort(e, internetPorts),
      command: command({ namespace }, { identities: identityFlagValues("world") }, internetPorts, since),
    },
    {
      id: "gateway",
      label: `Gateway ingress (from ${gateway.namespace})`,
      matches: (e) => e.source === namespaceNodeId(gateway.namespace) && e.target === self,
      command: command({ namespace: gateway.namespace }, { namespace }, [], since),
    },
    {
      id: "scrape",
      label: `Prometheus scrape (from ${scrapeSource.namespace})`,
      matches: (e) => e.source === namespaceNodeId(scrapeSource.namespace) && e.target === self,
      command: command({ namespace: scrapeSource.namespace }, { namespace }, [], since),
    },
  );
  return specs;
}

/** The command showing the check's flows, both verdicts: from one side to the other on its ports. */
function command(from: ObservePeer, to: ObservePeer, ports: readonly number[], since: string): string {
  return observeCommand(observeFlags({ from, to, ports: { side: "to", ports: [...new Set(ports)] } }), {
    since,
  });
}

function hasPort(edge: GraphEdgeView, ports: readonly number[]): boolean {
  return typeof edge.port === "number" && ports.includes(edge.port);
}

function evaluate(
  spec: CheckSpec,
  edges: readonly GraphEdgeView[],
  now: number,
  deliveredSince: DeliveredSince,
): ConnectivityCheck {
  let forwarded = 0;
  let dropped = 0;
  let audited = 0;
  let lastSeen: number | null = null;
  let lastDropAt: number | null = null;
  const edgeIds: string[] = [];
  const matched = edges.filter(spec.matches);
  for (const edge of matched) {
    edgeIds.push(edge.id);
    for (const verdict of LET_THROUGH_VERDICTS) forwarded += edge.counts[verdict] ?? 0;
    dropped += dropCount(edge.counts);
    audited += edge.counts.AUDIT ?? 0;
    lastSeen = Math.max(lastSeen ?? -Infinity, edge.lastSeen);
    for (const drop of [edge.lastSeenByVerdict.DROPPED, edge.lastSeenByVerdict.AUDIT])
      if (drop !== undefined) lastDropAt = Math.max(lastDropAt ?? -Infinity, drop);
  }
  const recovery = dropRecovery(dropHistoryOf(matched), now, deliveredSince);
  const status: ConnectivityStatus =
    dropped > 0
      ? recovery.state === "recovered"
        ? "recovered"
        : recovery.state === "unknown"
          ? "recovery-unknown"
          : "dropped"
      : forwarded > 0
        ? "ok"
        : "no-traffic";
  return {
    id: spec.id,
    label: spec.label,
    status,
    recoveredSince: recovery.state === "recovered" ? recovery.since : null,
    forwarded,
    dropped,
    audited,
    lastSeen,
    lastDropAt,
    edgeIds,
    command: spec.command,
  };
}
