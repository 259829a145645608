import { describe, expect, it } from "vitest";
import type { DropClassification } from "@/lib/drops/classify-drop";
import { testFlow, testPeer } from "@/lib/flows/testing/test-flow";
import type { FixProposal } from "./fix-proposal";
import { fixLeadSentence, withWorkloadNames, workloadName } from "./fix-lead";

const drop = testFlow({
  verdict: "DROPPED",
  dropReason: "POLICY_DENIED",
  source: testPeer({ namespace: "mealie", pod: "mealie-7d9c5b8f4-x2x8q", workload: "mealie" }),
  destination: testPeer({ namespace: "database", pod: "postgres-1", workload: "postgres" }),
});

const change: FixProposal = {
  kind: "change",
  changes: [],
  steps: ["Add access.network-policy.homelab/postgres=true to namespace mealie"],
  fixed: 3,
  total: 3,
  explanation: "egress is dropped now and allowed after the change",
  alternatives: [],
};

const classification = {
  cause: "mealie has no access.network-policy.homelab/postgres label, so traffic to PostgreSQL is denied.",
  fix: 'Add access.network-policy.homelab/postgres: "true" to namespace mealie.',
} as DropClassification;

describe("the Fix panel's lead sentence", () => {
  it("says the connection by workload, then cause → fix", () => {
    expect(
      fixLeadSentence({ newestDrop: drop, classification, proposal: change, whySentence: "ignored" }),
    ).toBe(
      "mealie/mealie → database/postgres (TCP 5432): mealie has no access.network-policy.homelab/postgres label, so traffic to PostgreSQL is denied → Add access.network-policy.homelab/postgres=true to namespace mealie.",
    );
  });

  it("falls back on the evaluator's first clause and the proposal's explanation", () => {
    const sentence = fixLeadSentence({
      newestDrop: drop,
      classification: null,
      proposal: { kind: "no-fix", explanation: "A deny rule drops it; no label opens it." },
      whySentence:
        "dropped on egress of mealie/mealie-7d9c5b8f4-x2x8q: nothing allows TCP 5432 to database/postgres-1; CCNP x would, if …",
    });
    expect(sentence).toBe(
      "mealie/mealie → database/postgres (TCP 5432): dropped on egress of mealie/mealie: nothing allows TCP 5432 to database/postgres → A deny rule drops it; no label opens it.",
    );
  });
});

describe("workload names", () => {
  it("names a pod by its workload when the relay knows it, by itself otherwise", () => {
    expect(workloadName(testPeer({ namespace: "a", pod: "web-5f7-abc", workload: "web" }))).toBe("a/web");
    expect(workloadName(testPeer({ namespace: "a", pod: "web-5f7-abc", workload: null }))).toBe(
      "a/web-5f7-abc",
    );
    expect(
      workloadName(
        testPeer({ namespace: null, pod: null, workload: null, reserved: "world", dnsNames: ["x.io"] }),
      ),
    ).toBe("world (x.io)");
  });

  it("rewrites pod names in a text without touching longer names that start alike", () => {
    const flows = [testFlow({ source: testPeer({ namespace: "app", pod: "web-1", workload: "web" }) })];
    expect(withWorkloadNames("from app/web-1 and app/web-10", flows)).toBe("from app/web and app/web-10");
  });
});
