// JSON shapes the route handlers return and the browser reads.

import type { BranchImpact } from "@/lib/what-if/what-if";
import type { Conventions } from "@/lib/conventions/conventions";
import type { InferenceReport } from "@/lib/conventions/inference-report";
import type { DropClassification } from "@/lib/drops/classify-drop";
import type { DropGroup } from "@/lib/drops/drop-groups";
import type { WouldBeDropCause } from "@/lib/evaluator/would-be-drops";
import type { FixPlan } from "@/lib/fixes/fix-plan";
import type { Flow, Verdict } from "@/lib/flows/flow";
import type { FixPullRequest } from "@/lib/gitops/fix-pull-request";
import type { DrawingEdge, DrawingNode } from "@/lib/graph/graph-drawing";
import type { GraphDetail } from "@/lib/graph/graph-detail";
import type { GraphStats } from "@/lib/graph/graph-snapshot";
import type { WatchedKind } from "@/lib/kube/types";
import type { ClusterPosture } from "@/lib/posture/cluster-posture";
import type { NamespacePostureDetail } from "@/lib/posture/namespace-posture";
import type { PolicyView } from "@/lib/posture/policy-view";
import type { ReenableVerdict } from "@/lib/posture/reenable-verdict";
import type { ClusterKnowledge } from "@/lib/status/cluster-knowledge";
import type { SourceHealth } from "@/lib/status/source-health";

export interface KindSyncView {
  kind: WatchedKind;
  state: "pending" | "synced" | "absent" | "error";
  lastSyncedAt: number | null;
  error: string | null;
  count: number;
  /** The watchdog's view: in sync, stalled, forbidden (403), unauthorized (401)… and since when. */
  source?: SourceHealth;
}

export interface ConnectionView {
  /**
   * ok: in sync; stale: serving old data after a failure; error: no data at all; unconfigured: config
   * error; preview: not part of a repository preview (a repository has no traffic).
   */
  health: "ok" | "pending" | "stale" | "error" | "unconfigured" | "preview";
  /** One line for people. */
  message: string;
  /** Last moment the data was known to be current (ms since epoch). */
  lastGoodAt: number | null;
}

export interface KubernetesStatusView extends ConnectionView {
  kinds: KindSyncView[];
  /** The kinds no conclusion may rest on, and why. */
  knowledge: ClusterKnowledge;
}

export interface HubbleStatusView extends ConnectionView {
  address: string | null;
  lastFlowAt: number | null;
  reconnects: number;
  gaps: { from: number; to: number }[];
  /** The watchdog's view of the relay; null when the relay is not configured or in a preview. */
  source: SourceHealth | null;
  /** The last answer to the ServerStatus probe. */
  lastProbeAt: number | null;
  /** From when on every flow reached Sieve (gaps aside); null before the first stream. */
  coveredSince: number | null;
}

/** A repository preview: how it was rendered and what could not be. */
export interface PreviewView {
  folder: string;
  renderer: string;
  problems: { kind: string; file: string; message: string }[];
}

export interface StatusResponse {
  now: number;
  configErrors: string[];
  /** Null for a cluster; set when Sieve shows a repository preview. */
  preview: PreviewView | null;
  kubernetes: KubernetesStatusView;
  hubble: HubbleStatusView;
}

export interface AccessLabelView {
  name: string;
  resource: string;
  target: string;
  ports: number[];
}

export interface NamespaceRow {
  name: string;
  kind: "platform" | "application";
  profile: string | null;
  profileKnown: boolean;
  profileIngress: string | null;
  profileEgress: string | null;
  accessLabels: AccessLabelView[];
  enforcementDisabled: boolean;
}

/** A profile as the graph's legend shows it: its name and what it opens. */
export interface ProfileLegendEntry {
  name: string;
  ingress: string;
  egress: string;
}

export interface GraphResponse {
  now: number;
  windowMs: number;
  /** The conventions' profiles, least permissive first; a node's profileRank indexes this list. */
  profiles: ProfileLegendEntry[];
  /** At the level of detail asked (lib/graph/graph-detail): what the page draws. */
  nodes: DrawingNode[];
  edges: DrawingEdge[];
  /** What was left out of `nodes` and `edges`, in numbers. */
  detail: GraphDetail;
  stats: GraphStats;
}

export interface ClassifiedFlow {
  flow: Flow;
  classification: DropClassification | null;
}

export interface EdgeResponse {
  now: number;
  windowMs: number;
  edge: DrawingEdge & {
    sourceLabel: string;
    targetLabel: string;
    firstSeen: number;
    lastSeen: number;
    counts: Partial<Record<Verdict, number>>;
    direction: string;
  };
  flows: ClassifiedFlow[];
}

export interface DropsResponse {
  now: number;
  windowMs: number;
  groups: DropGroup[];
}

export interface PostureResponse {
  now: number;
  /** Flows per namespace and verdict over the last `windowMs`. */
  windowMs: number;
  posture: ClusterPosture;
  flowCounts: Record<string, Partial<Record<Verdict, number>>>;
  /** For each namespace whose enforcement is disabled: what re-enabling it would drop. */
  reenable: Record<string, ReenableVerdict>;
}

/** The virtual audit of a namespace whose escape hatch is open. */
export interface ReenableAudit {
  verdict: ReenableVerdict;
  causes: (Omit<WouldBeDropCause, "newest"> & { lastSeen: number })[];
  /** Denied by the policies with the escape hatch open too, yet seen forwarded: not would-be drops. */
  deniedToday: (Omit<WouldBeDropCause, "newest"> & { lastSeen: number })[];
}

export interface NamespacePostureResponse {
  now: number;
  posture: NamespacePostureDetail;
  cni: ClusterPosture["cni"];
  baselines: ClusterPosture["baselines"];
  /** null unless the namespace's enforcement is disabled. */
  reenable: ReenableAudit | null;
}

/**
 * What a fix is for: the drops of a graph edge, of a drop group, or every would-be drop of a
 * namespace whose escape hatch is open, fixed and re-enabled in one pull request.
 */
export type FixScope =
  { kind: "edge"; id: string } | { kind: "group"; key: string } | { kind: "reenable"; namespace: string };

export interface FixGitOpsView {
  configured: true;
  repository: string;
  baseBranch: string;
  canPush: boolean;
  /** Why the change could not be turned into a pull request (file missing, read failed…). */
  error: string | null;
  pullRequest: FixPullRequest | null;
}

export interface FixResponse {
  now: number;
  windowMs: number;
  scope: FixScope;
  classification: DropClassification | null;
  plan: FixPlan;
  gitops: FixGitOpsView | { configured: false; howTo: string };
}

export interface PullRequestResponse {
  url: string;
  branch: string;
  commit: string;
  title: string;
  bodyTruncated: boolean;
  note: string | null;
}

export interface ConventionsResponse {
  now: number;
  /** The conventions in force. */
  conventions: Conventions;
  /** What was inferred from which policy, what came from the defaults, what the file overrides. */
  inference: InferenceReport;
  /** Every policy the inference names as evidence, rendered. */
  evidence: PolicyView[];
  file: { path: string | null; problems: string[] };
  /** Namespaces by enforcement state, from the posture (the escape hatch and selection both count). */
  enforcement: ClusterPosture["enforcement"];
  /** The policies are a repository's, rendered (repository preview), not a cluster's. */
  preview: boolean;
}

export interface WhatIfResponse {
  now: number;
  /** The ref asked about, as a full ref name, and the commit read. */
  ref: string;
  commit: string;
  baseBranch: string;
  /** How far back the observed flows go. */
  windowMs: number;
  /** Which tool rendered both branches. */
  renderer: string;
  report: BranchImpact;
}

export interface WhatIfBranchesResponse {
  baseBranch: string;
  /** Every branch of the repository, the base branch included. */
  branches: string[];
}
