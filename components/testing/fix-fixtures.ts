import type { FixGitOpsView, FixResponse } from "@/lib/api/responses";
import { fixPlan } from "@/lib/fixes/fix-plan";
import { pipelineView } from "@/lib/fixes/testing/cluster-view";
import { podPeer } from "@/lib/fixes/testing/flows";
import { testFlow } from "@/lib/flows/testing/test-flow";
import type { FixPullRequest } from "@/lib/gitops/fix-pull-request";
import { homelab } from "@/lib/posture/testing/homelab";
import { classification } from "./drop-fixtures";
import { FIXED_NOW } from "./status-fixtures";

// For component tests: /api/fix's answer for one drop of the homelab test cluster (batch's worker
// to database's postgres, which batch has no access label for), planned and proven by the real
// fix pipeline.

export const BATCH_DROP = testFlow({
  id: "drop-1",
  time: FIXED_NOW - 60_000,
  verdict: "DROPPED",
  dropReason: "POLICY_DENIED",
  direction: "egress",
  source: podPeer(
    { kind: "pod", namespace: "batch", name: "worker-1", labels: { app: "worker" } },
    "10.244.0.20",
  ),
  destination: podPeer(
    { kind: "pod", namespace: "database", name: "postgres-0", labels: { app: "postgres" } },
    "10.244.1.5",
  ),
  destinationPort: 5432,
});

const plan = fixPlan([BATCH_DROP], [BATCH_DROP], pipelineView(homelab()).evaluation);

export const PULL_REQUEST: FixPullRequest = {
  files: [
    {
      path: "clusters/homelab/namespaces/batch.yaml",
      kind: "edit",
      before: "",
      after: "",
      diff: '--- a/batch.yaml\n+++ b/batch.yaml\n   labels:\n+    access.network-policy.homelab/postgres: "true"\n',
    },
  ],
  patch: "diff --git a/batch.yaml b/batch.yaml\n",
  branch: "sieve/fix-batch-postgres",
  title: "Let batch reach postgres",
  body: "Fixes 1 drop.",
  editor: null,
  editorError: null,
  renderProof: [
    "namespace batch gains label access.network-policy.homelab/postgres=true",
    "nothing else changes",
  ],
  renderer: "kustomize",
  alreadyInRepository: [],
};

export function gitopsView(overrides: Partial<FixGitOpsView> = {}): FixGitOpsView {
  return {
    configured: true,
    repository: "https://git.example/homelab/cluster",
    baseBranch: "main",
    canPush: true,
    error: null,
    pullRequest: PULL_REQUEST,
    ...overrides,
  };
}

export function fixAnswer(overrides: Partial<FixResponse> = {}): FixResponse {
  return {
    now: FIXED_NOW,
    windowMs: 15 * 60_000,
    scope: { kind: "edge", id: "ns:batch->ns:database" },
    classification: classification({ namespace: "batch" }),
    plan,
    gitops: { configured: false, howTo: "Set SIEVE_GITOPS_REPO to propose fixes as pull requests." },
    ...overrides,
  };
}
