import "server-only";
import type { ServiceResult } from "@/lib/api/api-error";
import type { FixGitOpsView, FixResponse, FixScope, PullRequestResponse } from "@/lib/api/responses";
import { classifyDrop } from "@/lib/drops/classify-drop";
import { dropSamples, fixPlan } from "@/lib/fixes/fix-plan";
import type { Flow } from "@/lib/flows/flow";
import type { GitOpsChange } from "@/lib/gitops/change";
import { fixPullRequest } from "@/lib/gitops/fix-pull-request";
import { pullRequestLink } from "@/lib/gitops/pr-link";
import { provePatch } from "@/lib/gitops/prove-patch";
import { flowEdgeId } from "@/lib/graph/graph-ids";
import { reenableFix } from "@/lib/fixes/reenable-fix";
import { branchOutcomeNote } from "@/lib/gitops/branch-outcome";
import { renderedNamespaceLabel } from "@/lib/gitops/prove-patch";
import { labelSetByHand } from "@/lib/posture/enforcement";
import { REENABLE_WINDOW_MS } from "@/lib/posture/reenable-verdict";
import { getClusterView, type ClusterView } from "./cluster-view";
import { auditNamespace } from "./reenable-audit";
import type { SieveRuntime } from "./runtime";

// The Why? and Fix of a set of drops, computed on the server from what it observed: the browser
// only names the drops (an edge or a drop group), never the change, so nothing it sends can end
// up in the repository.

const HOW_TO_CONFIGURE =
  "Set SIEVE_GITOPS_REPO (and SIEVE_GITOPS_BRANCH, SIEVE_GITOPS_TOKEN to push) to get the change as a pull request.";

function selectDrops(
  runtime: SieveRuntime,
  view: ClusterView,
  scope: Exclude<FixScope, { kind: "reenable" }>,
  from: number,
): Flow[] {
  const drops = runtime.recentDrops.since(from);
  if (scope.kind === "edge") return drops.filter((flow) => flowEdgeId(flow) === scope.id);
  return drops.filter((flow) => classifyDrop(flow, view.facts, view.conventions).groupKey === scope.key);
}

function enforcementDisabledIn(view: ClusterView, changes: readonly GitOpsChange[]): string[] {
  const touched = new Set(changes.map((c) => c.namespace));
  return view.posture.namespaces
    .filter((ns) => touched.has(ns.name) && !ns.enforcement.enabled)
    .map((ns) => ns.name);
}

/** For "Fix and re-enable": the namespace, and whether its enforcement label was set by hand. */
interface ReenableContext {
  namespace: string;
  setByHand: boolean;
}

async function gitopsView(
  runtime: SieveRuntime,
  view: ClusterView,
  plan: FixResponse["plan"],
  drops: readonly Flow[],
  reenable: ReenableContext | null = null,
): Promise<FixResponse["gitops"]> {
  const source = runtime.gitops;
  if (!source) return { configured: false, howTo: HOW_TO_CONFIGURE };
  const result: FixGitOpsView = {
    configured: true,
    repository: source.repository.webUrl,
    baseBranch: source.baseBranch,
    canPush: source.canPush,
    error: null,
    pullRequest: null,
  };
  if (plan.proposal.kind !== "change" || !plan.proof) return result;
  const changes = plan.proposal.changes;
  let files;
  let base;
  try {
    files = await source.readRepository();
    base = await runtime.repositoryRenders.baseRender(files);
  } catch (error) {
    return { ...result, error: `could not read the repository: ${(error as Error).message.split("\n")[0]}` };
  }
  let proven;
  try {
    proven = await provePatch(changes, files, base, runtime.repositoryRenders.render, {
      paths: source.paths,
      conventions: view.conventions,
    });
  } catch (error) {
    // A render that fails (kubectl gone, a timeout, a file that defeats the YAML reader) is said,
    // and the rest of the Fix panel — the evaluator's proposal and its proof — still shows.
    return {
      ...result,
      error: `could not prove the change by rendering: ${(error as Error).message.split("\n")[0]}`,
    };
  }
  if (!proven.ok) return { ...result, error: proven.reason };
  const pullRequest = fixPullRequest({
    repository: source.repository,
    baseBranch: source.baseBranch,
    changes,
    patch: proven.value,
    samples: dropSamples(drops),
    proof: {
      fixes: plan.proof.fixes,
      observed: plan.proof.dropsInScope,
      alsoOpens: plan.proof.newlyAllowedBeyond,
    },
    enforcementDisabled: reenable
      ? [...new Set([reenable.namespace, ...enforcementDisabledIn(view, changes)])]
      : enforcementDisabledIn(view, changes),
    ...(reenable
      ? { enforcementSetByHand: reenable.setByHand ? [reenable.namespace] : [], reenable: true }
      : {}),
    conventions: view.conventions,
  });
  return { ...result, pullRequest };
}

export async function computeFix(
  runtime: SieveRuntime,
  scope: FixScope,
  windowMs: number,
  now: number,
): Promise<ServiceResult<FixResponse>> {
  // A fix proven against objects that are not current could open or break the wrong thing.
  const unknown = getClusterView(runtime, now).facts.unknown;
  if (unknown)
    return { ok: false, status: 503, error: `${unknown}: no fix is proposed until the cluster is in sync` };
  if (scope.kind === "reenable") return computeReenableFix(runtime, scope, now);
  const view = getClusterView(runtime, now);
  const from = now - windowMs;
  const drops = selectDrops(runtime, view, scope, from);
  if (drops.length === 0) return { ok: false, status: 404, error: "no dropped flows for this in the window" };
  const newest = drops.reduce((a, b) => (b.time > a.time ? b : a));
  const plan = fixPlan(
    drops,
    runtime.recentFlows.since(from),
    view.evaluation,
    classifyDrop(newest, view.facts, view.conventions, null, windowMs),
  );
  // The drop table words the evaluator's answer, as the drops view and the edge panel do.
  const classification = classifyDrop(newest, view.facts, view.conventions, plan.proposal, windowMs);
  return {
    ok: true,
    value: {
      now,
      windowMs,
      scope,
      classification,
      plan,
      gitops: await gitopsView(runtime, view, plan, drops),
    },
  };
}

/** Whether the repository's render carries the label on the namespace; false without a repository. */
async function labelInGit(runtime: SieveRuntime, namespace: string, key: string): Promise<boolean> {
  const source = runtime.gitops;
  if (!source || key === "") return false;
  try {
    const base = await runtime.repositoryRenders.baseRender(await source.readRepository());
    return renderedNamespaceLabel(base, namespace, key) !== undefined;
  } catch {
    // gitopsView reports the read failure.
    return false;
  }
}

/**
 * Fix and re-enable: one change that lets through every flow re-enabling enforcement would drop
 * (over the audit's window, not the request's) and removes the enforcement label from git.
 */
async function computeReenableFix(
  runtime: SieveRuntime,
  scope: Extract<FixScope, { kind: "reenable" }>,
  now: number,
): Promise<ServiceResult<FixResponse>> {
  const view = getClusterView(runtime, now);
  const { namespace } = scope;
  const posture = view.posture.namespaces.find((ns) => ns.name === namespace);
  if (!posture) return { ok: false, status: 404, error: `namespace ${namespace} not found` };
  if (posture.enforcement.state !== "disabled")
    return { ok: false, status: 409, error: `enforcement is not disabled on ${namespace}` };
  const key = view.conventions.enforcementLabel;
  const { audit, observed } = auditNamespace(runtime, view, namespace, now);
  const fix = reenableFix({
    audit,
    observed,
    context: view.evaluation,
    labelInGit: await labelInGit(runtime, namespace, key),
  });
  const managedFields = view.context.namespaces.get(namespace)?.metadata.managedFields;
  const reenable = { namespace, setByHand: labelSetByHand(managedFields, key) };
  return {
    ok: true,
    value: {
      now,
      windowMs: REENABLE_WINDOW_MS,
      scope,
      classification: null,
      plan: fix.plan,
      gitops: await gitopsView(runtime, view, fix.plan, fix.drops, reenable),
    },
  };
}

/** Recomputes the fix, pushes its branch with the server's token and links the new pull request. */
export async function pushFix(
  runtime: SieveRuntime,
  scope: FixScope,
  windowMs: number,
  now: number,
): Promise<ServiceResult<PullRequestResponse>> {
  const source = runtime.gitops;
  if (!source) return { ok: false, status: 409, error: HOW_TO_CONFIGURE };
  if (!source.canPush)
    return { ok: false, status: 409, error: "no git token is configured (SIEVE_GITOPS_TOKEN)" };
  const fix = await computeFix(runtime, scope, windowMs, now);
  if (!fix.ok) return fix;
  const gitops = fix.value.gitops;
  if (!gitops.configured || !gitops.pullRequest) {
    const why = gitops.configured ? gitops.error : null;
    return { ok: false, status: 409, error: why ?? "there is no change to propose for these drops" };
  }
  const pr = gitops.pullRequest;
  const pushed = await source.pushBranch({
    branch: pr.branch,
    message: `${pr.title}\n\n${pr.body}`,
    files: pr.files.map((file) => ({ path: file.path, content: file.after })),
  });
  if (!pushed.ok) return { ok: false, status: 502, error: pushed.error };
  const link = pullRequestLink(source.repository, source.baseBranch, pushed.pushed.branch, {
    title: pr.title,
    body: pr.body,
  });
  if (!link.ok) return { ok: false, status: 500, error: link.error };
  return {
    ok: true,
    value: {
      url: link.value.url,
      branch: pushed.pushed.branch,
      commit: pushed.pushed.commit,
      title: link.value.title,
      bodyTruncated: link.value.bodyTruncated,
      note:
        [branchOutcomeNote(pushed.pushed.outcome, pushed.pushed.branch), link.value.note]
          .filter((line) => line !== null)
          .join(" ") || null,
    },
  };
}
