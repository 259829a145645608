import { describe, expect, it, vi } from "vitest";
import type { FixGitOpsView, FixResponse, FixScope } from "@/lib/api/responses";
import { DEFAULT_GITOPS_PATHS } from "@/lib/gitops/repo-paths";
import { flowEdgeId } from "@/lib/graph/graph-ids";
import { homelabScenario, testGitOpsSource, testRuntime, type TestGitOpsOptions } from "@/test/route-runtime";
import { computeFix, pushFix } from "./fix-service";

// The fix service over the demo's cluster, traffic and GitOps repository: mealie's pods are denied
// PostgreSQL for want of an access label, the fix adds it in the repository's namespaces file, and
// only a change that rendering proves reaches a pull request.

const NOW = Date.UTC(2025, 8, 20, 12, 0, 0);
const WINDOW_MS = 15 * 60_000;
const { objects, flows, files } = homelabScenario(NOW, WINDOW_MS);
const POSTGRES_LABEL = "access.network-policy.homelab/postgres";

const mealieDrop = flows.find(
  (f) =>
    f.verdict === "DROPPED" &&
    f.source.namespace === "mealie" &&
    f.destination.namespace === "database" &&
    f.destinationPort === 5432,
)!;
const scope: FixScope = { kind: "edge", id: flowEdgeId(mealieDrop) };

function runtimeWith(gitops: (TestGitOpsOptions & { files?: ReadonlyMap<string, string> }) | null) {
  return testRuntime({
    objects,
    flows,
    gitops: gitops === null ? null : testGitOpsSource(gitops.files ?? files, gitops),
  });
}

function configured(response: FixResponse): FixGitOpsView {
  if (!response.gitops.configured) throw new Error("expected a configured repository");
  return response.gitops;
}

async function fixOf(runtime: ReturnType<typeof runtimeWith>, asked: FixScope = scope) {
  const result = await computeFix(runtime, asked, WINDOW_MS, NOW);
  if (!result.ok) throw new Error(`${result.status} ${result.error}`);
  return result.value;
}

describe("computeFix", () => {
  it("proposes the access label and proves it by rendering the repository: a pull request", async () => {
    expect(mealieDrop).toBeDefined();
    const fix = await fixOf(runtimeWith({}));
    expect(fix.plan.proposal).toMatchObject({
      kind: "change",
      changes: [{ type: "set-namespace-labels", namespace: "mealie", set: { [POSTGRES_LABEL]: "true" } }],
    });
    expect(fix.plan.proof?.fixes).toBeGreaterThan(0);
    const gitops = configured(fix);
    expect(gitops.error).toBeNull();
    const pr = gitops.pullRequest!;
    expect(pr.files.map((f) => f.path)).toEqual([DEFAULT_GITOPS_PATHS.namespacesFile]);
    const [file] = pr.files;
    expect(file!.kind).toBe("edit");
    const count = (text: string | null) => (text ?? "").split(POSTGRES_LABEL).length - 1;
    expect(count(file!.after)).toBe(count(file!.before) + 1);
    expect(pr.renderProof.join("\n")).toContain("mealie");
    expect(pr.title).toContain("mealie");
  });

  it("shows no pull request for a change that rendering does not prove, and says why", async () => {
    // A repository where mealie's namespace is not declared: no file edit can produce the change.
    const withoutNamespaces = new Map(files);
    withoutNamespaces.delete(DEFAULT_GITOPS_PATHS.namespacesFile);
    const fix = await fixOf(runtimeWith({ files: withoutNamespaces }));
    expect(fix.plan.proposal.kind).toBe("change");
    const gitops = configured(fix);
    expect(gitops.pullRequest).toBeNull();
    expect(gitops.error).toMatch(/mealie/);
  });

  it("keeps the proposal and says so when the repository cannot be read", async () => {
    const fix = await fixOf(runtimeWith({ readError: new Error("connection refused\nat git fetch") }));
    expect(fix.plan.proposal.kind).toBe("change");
    expect(configured(fix)).toMatchObject({
      pullRequest: null,
      error: "could not read the repository: connection refused",
    });
  });

  it("says how to configure a repository when there is none", async () => {
    const fix = await fixOf(runtimeWith(null));
    expect(fix.gitops).toEqual({ configured: false, howTo: expect.stringContaining("SIEVE_GITOPS_REPO") });
  });

  it("answers 404 when nothing was dropped in scope, and for re-enabling an unknown namespace", async () => {
    const quiet = await computeFix(runtimeWith({}), scope, WINDOW_MS, NOW + 2 * WINDOW_MS);
    expect(quiet).toEqual({ ok: false, status: 404, error: "no dropped flows for this in the window" });
    const absent = await computeFix(
      runtimeWith({}),
      { kind: "reenable", namespace: "absent" },
      WINDOW_MS,
      NOW,
    );
    expect(absent).toEqual({ ok: false, status: 404, error: "namespace absent not found" });
  });
});

describe("pushFix", () => {
  it("pushes the proven files on the fix's branch and links the pull request", async () => {
    const pushBranch = vi.fn<NonNullable<TestGitOpsOptions["pushBranch"]>>(({ branch }) =>
      Promise.resolve({ ok: true, pushed: { branch, commit: "abc123", outcome: "updated" } }),
    );
    const runtime = runtimeWith({ canPush: true, pushBranch });
    const pr = configured(await fixOf(runtime)).pullRequest!;
    const result = await pushFix(runtime, scope, WINDOW_MS, NOW);
    expect(pushBranch).toHaveBeenCalledWith({
      branch: pr.branch,
      message: `${pr.title}\n\n${pr.body}`,
      files: pr.files.map((f) => ({ path: f.path, content: f.after })),
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.value).toMatchObject({ branch: pr.branch, commit: "abc123", title: pr.title });
    // What the branch already held, then what the forge's link may not carry.
    expect(result.value.note).toMatch(new RegExp(`^Branch ${pr.branch} already existed .* Gitea 1\\.24`));
    expect(result.value.url).toMatch(/^https:\/\/forge\.test\/me\/homelab\/compare\/main\.\.\./);
  });

  it("refuses without a repository, without a token, and without a proven change; reports a failed push", async () => {
    expect(await pushFix(runtimeWith(null), scope, WINDOW_MS, NOW)).toMatchObject({ ok: false, status: 409 });
    expect(await pushFix(runtimeWith({}), scope, WINDOW_MS, NOW)).toEqual({
      ok: false,
      status: 409,
      error: "no git token is configured (SIEVE_GITOPS_TOKEN)",
    });
    const pushBranch = vi.fn(() => Promise.resolve({ ok: false as const, error: "remote rejected" }));
    const unreadable = runtimeWith({ canPush: true, pushBranch, readError: new Error("timeout") });
    expect(await pushFix(unreadable, scope, WINDOW_MS, NOW)).toEqual({
      ok: false,
      status: 409,
      error: "could not read the repository: timeout",
    });
    expect(pushBranch).not.toHaveBeenCalled();
    const rejected = await pushFix(runtimeWith({ canPush: true, pushBranch }), scope, WINDOW_MS, NOW);
    expect(rejected).toEqual({ ok: false, status: 502, error: "remote rejected" });
  });
});
