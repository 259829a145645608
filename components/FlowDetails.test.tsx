import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Flow } from "@/lib/flows/flow";
import { flowFromHubbleJson } from "@/lib/hubble/flow-from-json";
import { FlowDetails } from "./FlowDetails";
import { capturedEntries } from "./testing/captured-flows";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";

// Flows of the shared real capture as Sieve decodes them, each shown as Hubble reported it.

const flows = capturedEntries().map((e) =>
  flowFromHubbleJson({ ...e.flow, node_name: e.flow.node_name ?? e.node_name }),
);

function captured(what: string, test: (flow: Flow) => boolean): Flow {
  const flow = flows.find(test);
  if (!flow) throw new Error(`the capture has no ${what}`);
  return flow;
}

/** The lines the details show, without the time (rendered in UTC from the flow's own). */
function lines(flow: Flow): string[] {
  const { container } = render(<FlowDetails flow={flow} />);
  const [first, ...rest] = [...container.firstElementChild!.children].map((line) => line.textContent ?? "");
  return [first!.slice("00:00:00.000".length), ...rest];
}

describe("FlowDetails", () => {
  it("shows a policy drop's peers, port, reason and node", () => {
    const drop = captured("xwing drop", (f) => f.source.pod === "xwing");
    expect(lines(drop)).toEqual([
      "DROPPEDdirection not reported",
      "default/xwing → default/deathstar-7848d6c4d5-th9v2 80/TCP",
      "drop reason: POLICY_DENIED",
      "node kind-kind/kind-worker",
    ]);
  });

  it("names a peer outside the cluster by its identity and DNS names", () => {
    const world = captured("drop to world", (f) => f.destination.dnsNames.includes("one.one.one.one"));
    expect(lines(world)[1]).toBe("cilium-test-5/client-645b68dcf7-2jmrw → world (one.one.one.one) 80/TCP");
  });

  it("shows a DNS reply's answer code and an HTTP reply's status, failures marked", () => {
    const nxdomain = captured("NXDOMAIN", (f) => f.isReply === true && (f.l7?.dns?.rcode ?? 0) === 3);
    const text = lines(nxdomain);
    expect(text[0]).toBe("FORWARDEDegressreply");
    expect(text[2]).toBe(`DNS ${nxdomain.l7!.dns!.query} (NXDOMAIN)`);
    const http503 = captured("HTTP 503", (f) => f.l7?.http?.code === 503);
    const { container } = render(<FlowDetails flow={http503} />);
    const l7 = [...container.querySelectorAll("div.font-mono")].find((d) =>
      d.textContent?.startsWith("HTTP"),
    );
    expect(l7?.textContent).toBe(`HTTP GET ${http503.l7!.http!.url} → 503`);
    expect(l7?.className).toContain("text-amber-700");
  });

  it("shows an IPv6 drop with no endpoints by its addresses", () => {
    const icmp6 = captured("ICMPv6 drop", (f) => f.protocol === "ICMPv6");
    expect(lines(icmp6).slice(1, 3)).toEqual([
      "fe80::64d8:8aff:fe72:fc14 → ff02::2 ICMPv6",
      "drop reason: INVALID_SOURCE_IP",
    ]);
  });

  it("lists the policies the flow names", () => {
    const drop = captured("xwing drop", (f) => f.source.pod === "xwing");
    const named = {
      ...drop,
      policies: {
        ...drop.policies,
        ingressDeniedBy: ["default/rule1"],
        egressAllowedBy: ["default/allow-dns"],
      },
    };
    expect(lines(named)).toContain("ingress denied by default/rule1; egress allowed by default/allow-dns");
  });

  it("renders a hostile pod name as text", () => {
    const drop = captured("xwing drop", (f) => f.source.pod === "xwing");
    const { container } = render(
      <FlowDetails flow={{ ...drop, source: { ...drop.source, pod: HOSTILE_TEXT } }} />,
    );
    expect(container.textContent).toContain(`default/${HOSTILE_TEXT} →`);
    expectNoInjectedMarkup(container);
  });
});
