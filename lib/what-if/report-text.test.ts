import { describe, expect, it } from "vitest";
import { homelabCluster } from "@/lib/evaluator/testing/homelab-cluster";
import { ns } from "@/lib/policy/testing/builders";
import { NOW } from "@/lib/posture/testing/homelab";
import { whatIfText } from "./report-text";
import { conventionsOf, podFlows, renderOf } from "./testing/fixtures";
import { whatIf } from "./what-if";

const PROFILE = "network-policy.homelab/profile";
const ACCESS = "access.network-policy.homelab/postgres";
const WEB = { namespace: "shop", pod: "web-1", labels: { app: "web" } };
const POSTGRES = { namespace: "database", pod: "postgres-0", labels: { app: "postgres" } };

function response(branchLabels: Record<string, string>, flows = podFlows(WEB, POSTGRES, 5432, 3)) {
  const report = whatIf({
    cluster: homelabCluster(),
    baseRender: renderOf(ns("shop", { [PROFILE]: "standard", [ACCESS]: "true" })),
    branchRender: renderOf(ns("shop", branchLabels)),
    flows,
    conventionsOf,
    now: NOW,
  });
  return {
    now: NOW,
    ref: "refs/heads/drop-postgres",
    commit: "0123456789abcdef0123456789abcdef01234567",
    baseBranch: "main",
    windowMs: 3_600_000,
    renderer: "test",
    report,
  };
}

describe("whatIfText", () => {
  it("lists the change, the newly dropped flows with the sentence, and the posture change", () => {
    const text = whatIfText(response({ [PROFILE]: "standard" }));
    expect(text).toContain("What-if for refs/heads/drop-postgres (0123456789ab) against main");
    expect(text).toContain("Judged on 3 observed flows (1 connection) over 2 s.");
    expect(text).toContain(`  Namespace shop changed: ${ACCESS}-`);
    expect(text).toMatch(
      /Newly dropped: 3 flows of 1 kind\n {2}3 flows \(1 connection\): .+\n {4}e\.g\. shop\/web-1 → database\/postgres-0 TCP 5432/,
    );
    expect(text).toContain("Newly allowed: none.");
    expect(text).toContain("  shop\n    access label postgres removed");
  });

  it("says it cannot judge without traffic, rather than calling the branch safe", () => {
    const text = whatIfText(response({ [PROFILE]: "standard" }, []));
    expect(text).toContain(
      "No traffic observed over the last 60 min: cannot judge what the branch does to flows.",
    );
    expect(text).toContain("Newly dropped: none.");
  });
});
