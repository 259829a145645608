import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { provePatch } from "@/lib/gitops/prove-patch";
import { DEFAULT_GITOPS_PATHS } from "@/lib/gitops/repo-paths";
import { planRender, repositoryDocuments } from "@/lib/render/render-plan";
import type { RepositoryFiles } from "@/lib/render/rendered";
import { homelabGitOpsFiles } from "@/server/demo/gitops-repo/homelab-repo-files";
import { readRepositoryFolder } from "@/server/render/repository-folder";
import { renderRepository } from "@/server/render/render-repository";
import { median, onCleanup, ROOT, type Benchmark, type Figure } from "./harness";

// Issue #15: rendering a GitOps repository as Flux does, next to the bare tool it builds on: the
// same kustomize builds run one after the other with `kubectl kustomize` (no origins, no
// substitution, no ResourceSets). And the proof of a fix: the renders a proven patch costs.

const RUNS = 5;

function time<T>(run: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = run();
  return { ms: performance.now() - started, value };
}

async function timeAsync<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** The bare tool: `kubectl kustomize` on every folder Sieve builds, written to disk once. */
function bareKustomize(files: RepositoryFiles): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "sieve-bench-render-"));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  for (const [file, text] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const folders = planRender(files, repositoryDocuments(files).documents).targets.map((t) => t.folder);
  return () => {
    for (const folder of folders) {
      try {
        execFileSync(
          "kubectl",
          ["kustomize", "--load-restrictor", "LoadRestrictionsNone", path.join(dir, folder)],
          {
            stdio: ["ignore", "ignore", "ignore"],
          },
        );
      } catch {
        // A folder that fails to build costs its time all the same.
      }
    }
  };
}

export const renderBench: Benchmark = {
  name: "render",
  issue: "#15",
  goal: "render a GitOps repository as Flux does, and prove a fix by rendering, next to bare kubectl kustomize",
  async run(log) {
    const figures: Figure[] = [];
    const notes: string[] = [
      `load average at start: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(" ")}`,
    ];
    const repositories: Array<[string, RepositoryFiles]> = [
      ["demo homelab", homelabGitOpsFiles(Date.now())],
      ["overlay-tree", readRepositoryFolder(path.join(ROOT, "test/fixtures/repos/overlay-tree"))],
      [
        "resourceset-namespaces",
        readRepositoryFolder(path.join(ROOT, "test/fixtures/repos/resourceset-namespaces")),
      ],
    ];
    for (const [name, files] of repositories) {
      const bare = bareKustomize(files);
      const bareMs: number[] = [];
      const sieveMs: number[] = [];
      let objects = 0;
      for (let i = 0; i < RUNS; i += 1) {
        // Interleaved, so a burst of load on the machine hits both sides alike.
        bareMs.push(time(bare).ms);
        const { ms, value } = await timeAsync(() => renderRepository(files));
        sieveMs.push(ms);
        objects = value.objects.length;
      }
      const ratio = median(sieveMs) / median(bareMs);
      log(
        `${name}: ${files.size} files, ${objects} objects: Sieve ${median(sieveMs).toFixed(0)} ms, ` +
          `bare kubectl kustomize ${median(bareMs).toFixed(0)} ms (×${ratio.toFixed(2)})`,
      );
      figures.push({ label: `${name}: render, median`, value: median(sieveMs), unit: "ms", digits: 0 });
      figures.push({ label: `${name}: ratio to bare kustomize`, value: ratio, unit: "×", digits: 2 });
    }

    const files = homelabGitOpsFiles(Date.now());
    const renderCount = { n: 0 };
    const counted = (f: RepositoryFiles) => {
      renderCount.n += 1;
      return renderRepository(f);
    };
    const base = await renderRepository(files);
    const proofMs: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      renderCount.n = 0;
      const { ms, value } = await timeAsync(() =>
        provePatch(
          [
            {
              type: "set-namespace-labels",
              namespace: "mealie",
              set: { "access.network-policy.homelab/postgres": "true" },
              remove: [],
            },
          ],
          files,
          base,
          counted,
          { paths: DEFAULT_GITOPS_PATHS },
        ),
      );
      if (!value.ok) throw new Error(value.reason);
      proofMs.push(ms);
    }
    const renders: number[] = [];
    for (let i = 0; i < 3; i += 1) renders.push((await timeAsync(() => renderRepository(files))).ms);
    const oneRender = median(renders);
    log(
      `proof of the mealie postgres fix on the demo repository: ${median(proofMs).toFixed(0)} ms, ` +
        `${renderCount.n} render(s) beyond the cached base; one render ${oneRender.toFixed(0)} ms ` +
        `(×${(median(proofMs) / oneRender).toFixed(2)})`,
    );
    figures.push({
      label: "fix proof (demo, one label), median",
      value: median(proofMs),
      unit: "ms",
      digits: 0,
    });
    figures.push({
      label: "fix proof: ratio to one render",
      value: median(proofMs) / oneRender,
      unit: "×",
      digits: 2,
    });
    notes.push(
      `load average at end: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(" ")}`,
    );
    return { name: "render", figures, notes };
  },
};
