import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applyChanges, filesNeeded } from "./apply-changes";
import type { GitOpsChange } from "./change";
import { DEFAULT_GITOPS_PATHS } from "./repo-paths";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const NS = DEFAULT_GITOPS_PATHS.namespacesFile;
const DIR = DEFAULT_GITOPS_PATHS.platformCnpDir;

const changes: GitOpsChange[] = [
  {
    type: "set-namespace-labels",
    namespace: "paperless",
    set: { "access.network-policy.homelab/postgres": "true" },
    remove: ["network-policy.homelab/enforcement"],
  },
  {
    type: "add-platform-cnp",
    namespace: "garage",
    description: "Garage S3",
    metricsPort: 3903,
    ambient: false,
  },
];

describe("applyChanges", () => {
  it("patches the namespaces file, creates the CNP and lists it, with a diff per file", () => {
    const needed = filesNeeded(changes);
    expect(needed).toEqual({ ok: true, paths: [NS, `${DIR}/garage.yaml`, `${DIR}/kustomization.yaml`] });
    const files = new Map<string, string | null>([
      [NS, fixture("namespaces-list.yaml")],
      [`${DIR}/garage.yaml`, null],
      [`${DIR}/kustomization.yaml`, fixture("platform-kustomization.yaml")],
    ]);
    const result = applyChanges(changes, files);
    if (!result.ok) throw new Error(result.error);
    expect(result.files.map((file) => [file.path, file.kind])).toEqual([
      [NS, "edit"],
      [`${DIR}/garage.yaml`, "create"],
      [`${DIR}/kustomization.yaml`, "edit"],
    ]);
    const created = result.files[1]!;
    expect(created.diff.startsWith(`--- /dev/null\n+++ b/${DIR}/garage.yaml\n@@ -0,0 +1,`)).toBe(true);
    expect((parse(created.after) as { metadata: { name: string } }).metadata.name).toBe("garage-default");
    expect(result.files[2]!.diff).toContain("+  - garage.yaml");
  });

  it("says which file is missing or not loaded, and refuses to overwrite a different CNP", () => {
    expect(applyChanges(changes.slice(0, 1), new Map())).toEqual({
      ok: false,
      error: `${NS} was not loaded`,
    });
    expect(applyChanges(changes.slice(0, 1), new Map([[NS, null]]))).toMatchObject({
      ok: false,
      error: expect.stringContaining("does not exist"),
    });
    const existing = new Map<string, string | null>([
      [`${DIR}/garage.yaml`, "kind: CiliumNetworkPolicy\n"],
      [`${DIR}/kustomization.yaml`, "resources: []\n"],
    ]);
    expect(applyChanges(changes.slice(1), existing)).toMatchObject({
      ok: false,
      error: expect.stringContaining("already exists"),
    });
  });

  it("refuses changes whose names would escape the repository", () => {
    const evil: GitOpsChange = {
      type: "add-cnp-rules",
      namespace: "../../.git/hooks/x",
      egress: [{ entities: ["world"] }],
    };
    expect(filesNeeded([evil]).ok).toBe(false);
    expect(applyChanges([evil], new Map()).ok).toBe(false);
  });
});
