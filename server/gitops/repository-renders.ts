import "server-only";
import { createHash } from "node:crypto";
import type { RenderRepository } from "@/lib/gitops/prove-patch";
import type { RepositoryFiles, RepositoryRender } from "@/lib/render/rendered";
import { renderRepository } from "@/server/render/render-repository";

// Renders of the GitOps repository as Flux renders it: the base branch's render is made once per
// content (every fix compares against it) and kept until the branch changes; candidate renders
// of patched files are not kept.

function contentKey(files: RepositoryFiles): string {
  const hash = createHash("sha256");
  for (const [file, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(`${file.length}:${file}${Buffer.byteLength(text)}:`).update(text);
  }
  return hash.digest("hex");
}

const MAX_OTHER_RENDERS = 4;

export class RepositoryRenders {
  private base: { key: string; render: Promise<RepositoryRender> } | null = null;
  private settled: { key: string; render: RepositoryRender } | null = null;
  private readonly others = new Map<string, Promise<RepositoryRender>>();

  constructor(readonly render: RenderRepository) {}

  /** The render of the base branch's `files`, shared by every caller while they do not change. */
  baseRender(files: RepositoryFiles): Promise<RepositoryRender> {
    const key = contentKey(files);
    if (this.base?.key !== key) {
      const entry = { key, render: this.render(files) };
      this.base = entry;
      entry.render.then(
        (render) => {
          if (this.base === entry) this.settled = { key, render };
        },
        () => undefined,
      );
      // A failed render is not kept: the next caller tries again.
      entry.render.catch(() => {
        if (this.base === entry) this.base = null;
      });
    }
    return this.base.render;
  }

  /**
   * The render of other files (a branch asked about again and again), kept for the last few
   * contents: asking twice about an unchanged branch costs one render.
   */
  otherRender(files: RepositoryFiles): Promise<RepositoryRender> {
    const key = contentKey(files);
    let entry = this.others.get(key);
    if (entry) this.others.delete(key);
    else {
      const render = this.render(files);
      entry = render;
      render.catch(() => {
        if (this.others.get(key) === render) this.others.delete(key);
      });
    }
    this.others.set(key, entry);
    while (this.others.size > MAX_OTHER_RENDERS) this.others.delete(this.others.keys().next().value!);
    return entry;
  }

  /** The last base render that finished, and a key that changes when it does; null before the first. */
  latest(): { key: string; render: RepositoryRender } | null {
    return this.settled;
  }

  /** Keeps the base render current: now, then every `intervalMs` (the source fetches when due). */
  follow(read: () => Promise<RepositoryFiles>, intervalMs: number): () => void {
    const refresh = () => {
      read().then(
        (files) => this.baseRender(files).catch(() => undefined),
        // The GitOps status already says why the repository could not be read.
        () => undefined,
      );
    };
    refresh();
    const timer = setInterval(refresh, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** Kustomize through kubectl, Flux post-build substitution, then Flux Operator ResourceSets. */
export function fluxRenders(): RepositoryRenders {
  return new RepositoryRenders((files) => renderRepository(files));
}
