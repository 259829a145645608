import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findKustomizeTool, withBuildSlot } from "./kustomize-runner";
import { renderRepository } from "./render-repository";

const scratch = mkdtempSync(path.join(tmpdir(), "sieve-kustomize-runner-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("build slots", () => {
  it("let at most two builds run at once, and every build runs", async () => {
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const builds = Array.from({ length: 5 }, () =>
      withBuildSlot(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
      }),
    );
    // Release whichever builds hold a slot until all five have run.
    for (let released = 0; released < 5; released += 1) {
      while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve));
      expect(running).toBeLessThanOrEqual(2);
      releases.shift()!();
    }
    await Promise.all(builds);
    expect(most).toBe(2);
  });
});

describe("a kubectl that hangs", () => {
  it("is stopped after the build timeout and reported as a kustomize problem", async () => {
    const fake = path.join(scratch, "slow-kubectl");
    writeFileSync(
      fake,
      '#!/bin/sh\nif [ "$1" = version ]; then echo "Kustomize Version: v9.9.9"; exit 0; fi\nexec sleep 30\n',
    );
    chmodSync(fake, 0o755);
    expect(await findKustomizeTool(fake, scratch)).toEqual({ binary: fake, version: "v9.9.9" });
    const render = await renderRepository(
      new Map([
        ["app/kustomization.yaml", "resources: [ns.yaml]\n"],
        ["app/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n"],
      ]),
      { kubectl: fake, timeoutMs: 500, tempRoot: scratch },
    );
    expect(render.renderer).toBe("kubectl kustomize (kustomize v9.9.9)");
    expect(render.objects).toEqual([]);
    expect(render.problems).toEqual([
      { kind: "kustomize", file: "app", message: "app: timed out after 0.5 s" },
    ]);
  });
});
