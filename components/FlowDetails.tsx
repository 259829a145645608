import { VERDICT_MEANING, type Flow } from "@/lib/flows/flow";
import { dnsRcodeName, l7Failure } from "@/lib/flows/l7-failure";
import { visibleText } from "@/lib/text/visible-text";
import { FlowPeerName } from "./FlowPeerName";

function portText(flow: Flow): string {
  if (flow.protocol === null) return "";
  if (flow.destinationPort === null) return flow.protocol;
  return `${flow.destinationPort}/${flow.protocol}`;
}

function l7Text(flow: Flow): string | null {
  if (flow.l7?.http) {
    const { method, url, code } = flow.l7.http;
    return visibleText(`HTTP ${method} ${url}${code ? ` → ${code}` : ""}`);
  }
  if (flow.l7?.dns) {
    const { query, ips, rcode } = flow.l7.dns;
    return visibleText(
      `DNS ${query}${ips.length > 0 ? ` → ${ips.join(", ")}` : ""}${rcode ? ` (${dnsRcodeName(rcode)})` : ""}`,
    );
  }
  return null;
}

/** One flow as Hubble reported it: peers, port, verdict, drop reason, L7 and the policies it names. */
export function FlowDetails({ flow }: { flow: Flow }) {
  const l7 = l7Text(flow);
  const failure = l7Failure(flow);
  const policies = [
    ...flow.policies.egressDeniedBy.map((p) => `egress denied by ${p}`),
    ...flow.policies.ingressDeniedBy.map((p) => `ingress denied by ${p}`),
    ...flow.policies.egressAllowedBy.map((p) => `egress allowed by ${p}`),
    ...flow.policies.ingressAllowedBy.map((p) => `ingress allowed by ${p}`),
  ];
  return (
    <div className="flex flex-col gap-0.5 text-xs" data-flow-id={flow.id}>
      <div className="flex flex-wrap items-baseline gap-x-2">
        <time className="text-slate-500" dateTime={new Date(flow.time).toISOString()}>
          {new Date(flow.time).toISOString().slice(11, 23)}
        </time>
        <span
          className={flow.verdict === "DROPPED" ? "font-semibold text-red-700" : "text-emerald-700"}
          title={VERDICT_MEANING[flow.verdict].label}
        >
          {flow.verdict}
        </span>
        <span className="text-slate-500">
          {flow.direction === "unknown" ? "direction not reported" : flow.direction}
        </span>
        {flow.isReply && (
          <span className="text-slate-500">{flow.replyInferred ? "reply (inferred)" : "reply"}</span>
        )}
      </div>
      <div>
        <FlowPeerName peer={flow.source} /> → <FlowPeerName peer={flow.destination} />{" "}
        <span className="font-mono">{portText(flow)}</span>
      </div>
      {flow.dropReason && <div className="text-red-700">drop reason: {flow.dropReason}</div>}
      {l7 && (
        <div className={`font-mono ${failure ? "font-semibold text-amber-700" : "text-slate-600"}`}>{l7}</div>
      )}
      {policies.length > 0 && <div className="text-slate-600">{policies.join("; ")}</div>}
      {flow.policyLog.length > 0 && (
        <div className="text-slate-600">policy log: {flow.policyLog.join("; ")}</div>
      )}
      <div className="text-slate-400">node {flow.node}</div>
    </div>
  );
}
