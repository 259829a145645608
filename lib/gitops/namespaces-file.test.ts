import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { SetNamespaceLabels } from "./change";
import { patchNamespacesFile } from "./namespaces-file";
import { detectNamespacesFileShape } from "./namespaces-model";
import { changedLines, comments } from "./test-diff-lines";
import { unifiedDiff } from "./unified-diff";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const PROFILE = "network-policy.homelab/profile";
const ENFORCEMENT = "network-policy.homelab/enforcement";
const POSTGRES = "access.network-policy.homelab/postgres";

const fixPaperless: SetNamespaceLabels = {
  type: "set-namespace-labels",
  namespace: "paperless",
  set: { [POSTGRES]: "true", [PROFILE]: "standard" },
  remove: [ENFORCEMENT],
};

function patched(text: string, change: SetNamespaceLabels, createMissing = false): string {
  const result = patchNamespacesFile(text, change, { createMissing });
  if (!result.ok) throw new Error(result.error);
  return result.content;
}

function parsed(text: string): unknown[] {
  const docs = parseAllDocuments(text);
  for (const doc of docs) expect(doc.errors).toEqual([]);
  return docs.map((doc) => doc.toJS());
}

function expectKeepsComments(before: string, after: string) {
  for (const comment of comments(before)) expect(after).toContain(comment);
}

describe("detectNamespacesFileShape", () => {
  it("tells the three shapes apart, and says unknown for anything else", () => {
    expect(detectNamespacesFileShape(fixture("namespaces-manifests.yaml"))).toBe("namespace-manifests");
    expect(detectNamespacesFileShape(fixture("namespaces-list.yaml"))).toBe("name-list");
    expect(detectNamespacesFileShape("- name: a\n- name: b\n")).toBe("name-list");
    expect(detectNamespacesFileShape(fixture("namespaces-resourceset.yaml"))).toBe("flux-resourceset");
    expect(detectNamespacesFileShape(fixture("namespaces-resourceset-templated.yaml"))).toBe(
      "flux-resourceset",
    );
    expect(detectNamespacesFileShape("apiVersion: v1\nkind: ConfigMap\n")).toBe("unknown");
    expect(detectNamespacesFileShape("a: [unclosed\n")).toBe("unknown");
    expect(detectNamespacesFileShape("# only a comment\n")).toBe("empty");
  });
});

describe("patchNamespacesFile on Namespace manifests", () => {
  const before = fixture("namespaces-manifests.yaml");

  it("changes the label and its annotation twin, adds and removes labels, touching nothing else", () => {
    const after = patched(before, fixPaperless);
    expect(changedLines(unifiedDiff(before, after, "ns.yaml"))).toEqual([
      "-    network-policy.homelab/profile: internal # switch to standard when public",
      "-    network-policy.homelab/enforcement: disabled",
      "+    network-policy.homelab/profile: standard # switch to standard when public",
      '+    access.network-policy.homelab/postgres: "true"',
      "-    network-policy.homelab/profile: internal",
      "+    network-policy.homelab/profile: standard",
    ]);
    const docs = parsed(after) as Array<{ metadata: { labels?: object; annotations?: object } }>;
    expect(docs[0]!.metadata.labels).toEqual({ [PROFILE]: "standard", [POSTGRES]: "true" });
    expect(docs[0]!.metadata.annotations).toEqual({
      [PROFILE]: "standard",
      description: "Document management",
    });
    expectKeepsComments(before, after);
  });

  it("creates a labels mapping in the metadata's indentation when there is none", () => {
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "database",
      set: { [POSTGRES]: "true" },
      remove: [],
    };
    const after = patched(before, change);
    expect(changedLines(unifiedDiff(before, after, "ns.yaml"))).toEqual([
      "+  labels:",
      '+    access.network-policy.homelab/postgres: "true"',
    ]);
    expect((parsed(after)[1] as { metadata: { labels: object } }).metadata.labels).toEqual({
      [POSTGRES]: "true",
    });
  });

  it("leaves `labels: {}` rather than null when the last label goes", () => {
    const text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels:\n    x.io/y: disabled\n";
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "a",
      set: {},
      remove: ["x.io/y"],
    };
    const after = patched(text, change);
    expect(after).toBe("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {}\n");
  });

  it("appends a Namespace document for a missing namespace only when asked", () => {
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "vaultwarden",
      set: { [PROFILE]: "internal" },
      remove: [],
    };
    const refused = patchNamespacesFile(before, change);
    expect(refused).toEqual({
      ok: false,
      error: expect.stringContaining('namespace "vaultwarden" is not in the namespaces file'),
    });
    const after = patched(before, change, true);
    expect(after.startsWith(before)).toBe(true);
    const last = parsed(after).at(-1) as { kind: string; metadata: object };
    expect(last).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "vaultwarden", labels: { [PROFILE]: "internal" } },
    });
  });

  it("reports changed: false when the labels are already as requested", () => {
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "immich",
      set: { [POSTGRES]: "true" },
      remove: ["x.io/absent"],
    };
    expect(patchNamespacesFile(before, change)).toEqual({ ok: true, content: before, changed: false });
  });
});

describe("patchNamespacesFile on a name list", () => {
  const before = fixture("namespaces-list.yaml");

  it("edits the entry's labels in place", () => {
    const after = patched(before, fixPaperless);
    expect(changedLines(unifiedDiff(before, after, "ns.yaml"))).toEqual([
      "-      network-policy.homelab/profile: internal # exposed later",
      "-      network-policy.homelab/enforcement: disabled",
      "+      network-policy.homelab/profile: standard # exposed later",
      '+      access.network-policy.homelab/postgres: "true"',
    ]);
    const doc = parsed(after)[0] as { namespaces: Array<{ name: string; labels?: object }> };
    expect(doc.namespaces[0]).toEqual({
      name: "paperless",
      labels: { [PROFILE]: "standard", [POSTGRES]: "true" },
    });
    expectKeepsComments(before, after);
  });

  it("adds `labels:` to an entry without, also before a trailing comment", () => {
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "monitoring",
      set: { "x.io/scraped": "yes" },
      remove: [],
    };
    const after = patched(before, change);
    expect(changedLines(unifiedDiff(before, after, "ns.yaml"))).toEqual([
      "+    labels:",
      '+      x.io/scraped: "yes"',
    ]);
    const doc = parsed(after)[0] as { namespaces: Array<{ name: string; labels?: object }> };
    expect(doc.namespaces[3]).toEqual({ name: "monitoring", labels: { "x.io/scraped": "yes" } });
    expectKeepsComments(before, after);
  });

  it("appends an entry in the list's own indentation", () => {
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "vaultwarden",
      set: { [PROFILE]: "internal" },
      remove: [],
    };
    const after = patched(before, change, true);
    expect(changedLines(unifiedDiff(before, after, "ns.yaml"))).toEqual([
      "+  - name: vaultwarden",
      "+    labels:",
      "+      network-policy.homelab/profile: internal",
    ]);
  });

  it("works on a top-level list with four-space indentation", () => {
    const text = "-   name: a\n    # note\n    labels:\n        x.io/p: internal\n-   name: b\n";
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "b",
      set: { "x.io/p": "standard" },
      remove: [],
    };
    const after = patched(text, change);
    expect(after).toBe(`${text}    labels:\n        x.io/p: standard\n`);
    expect(parsed(after)[0]).toEqual([
      { name: "a", labels: { "x.io/p": "internal" } },
      { name: "b", labels: { "x.io/p": "standard" } },
    ]);
  });

  it("edits flow-style labels on one line", () => {
    const text = "namespaces:\n  - name: a\n    labels: { x.io/p: internal, x.io/e: disabled }\n";
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "a",
      set: { [POSTGRES]: "true" },
      remove: ["x.io/e"],
    };
    expect(patched(text, change)).toBe(
      'namespaces:\n  - name: a\n    labels: { x.io/p: internal, access.network-policy.homelab/postgres: "true" }\n',
    );
  });

  it("keeps a value's quote style and quotes values YAML would read as booleans or numbers", () => {
    const text = "- name: a\n  labels:\n    x.io/p: 'internal'\n    x.io/q: plain\n";
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "a",
      set: { "x.io/p": "standard", "x.io/q": "true", "x.io/r": "5432" },
      remove: [],
    };
    expect(patched(text, change)).toBe(
      '- name: a\n  labels:\n    x.io/p: \'standard\'\n    x.io/q: "true"\n    x.io/r: "5432"\n',
    );
  });

  it("keeps CRLF line endings and a missing final newline", () => {
    const text = "- name: a\r\n  labels:\r\n    x.io/p: internal";
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "a",
      set: { "x.io/q": "1" },
      remove: [],
    };
    expect(patched(text, change)).toBe('- name: a\r\n  labels:\r\n    x.io/p: internal\r\n    x.io/q: "1"');
  });
});

describe("patchNamespacesFile on a Flux ResourceSet", () => {
  it("edits inputs that carry a labels map", () => {
    const before = fixture("namespaces-resourceset.yaml");
    const after = patched(before, fixPaperless);
    expect(changedLines(unifiedDiff(before, after, "ns.yaml"))).toEqual([
      "-        network-policy.homelab/profile: internal",
      "-        network-policy.homelab/enforcement: disabled",
      "+        network-policy.homelab/profile: standard",
      '+        access.network-policy.homelab/postgres: "true"',
    ]);
    const doc = parsed(after)[0] as { spec: { inputs: object[]; resources: object[] } };
    expect(doc.spec.inputs[0]).toEqual({
      name: "paperless",
      labels: { [PROFILE]: "standard", [POSTGRES]: "true" },
    });
    expectKeepsComments(before, after);
  });

  it("edits the input fields the template renders into labels", () => {
    const before = fixture("namespaces-resourceset-templated.yaml");
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "paperless",
      set: { [PROFILE]: "standard", [POSTGRES]: "true" },
      remove: [],
    };
    const after = patched(before, change);
    expect(changedLines(unifiedDiff(before, after, "ns.yaml"))).toEqual([
      "-      profile: internal # public later",
      '-      postgres: "false"',
      "+      profile: standard # public later",
      '+      postgres: "true"',
    ]);
    const refused = patchNamespacesFile(before, { ...change, set: {}, remove: [PROFILE] });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("rendered from inputs.profile") });
  });

  it("appends a new input in the ResourceSet's style, and refuses when the template needs more fields", () => {
    const before = fixture("namespaces-resourceset.yaml");
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "vaultwarden",
      set: { [PROFILE]: "internal" },
      remove: [],
    };
    const after = patched(before, change, true);
    expect(changedLines(unifiedDiff(before, after, "ns.yaml"))).toEqual([
      "+    - name: vaultwarden",
      "+      labels:",
      "+        network-policy.homelab/profile: internal",
    ]);
    const templated = patchNamespacesFile(fixture("namespaces-resourceset-templated.yaml"), change, {
      createMissing: true,
    });
    expect(templated).toEqual({ ok: false, error: expect.stringContaining("also needs inputs postgres") });
  });

  it("keeps flattened label keys flattened", () => {
    const text = [
      "apiVersion: fluxcd.controlplane.io/v1",
      "kind: ResourceSet",
      "metadata: {name: namespaces}",
      "spec:",
      "  inputs:",
      "    - name: paperless",
      "      network-policy.homelab/profile: internal",
      "      network-policy.homelab/enforcement: disabled",
      "    - name: database",
      "",
    ].join("\n");
    const after = patched(text, fixPaperless);
    expect(changedLines(unifiedDiff(text, after, "ns.yaml"))).toEqual([
      "-      network-policy.homelab/profile: internal",
      "-      network-policy.homelab/enforcement: disabled",
      "+      network-policy.homelab/profile: standard",
      '+      access.network-policy.homelab/postgres: "true"',
    ]);
    const onDatabase = patched(text, { ...fixPaperless, namespace: "database", remove: [] });
    expect((parsed(onDatabase)[0] as { spec: { inputs: object[] } }).spec.inputs[1]).toEqual({
      name: "database",
      [POSTGRES]: "true",
      [PROFILE]: "standard",
    });
  });
});

describe("patchNamespacesFile refusals and injection", () => {
  const before = fixture("namespaces-list.yaml");

  it("answers unknown namespaces, duplicates and bad YAML with an error, never a throw", () => {
    const change = { ...fixPaperless, namespace: "ghost" };
    expect(patchNamespacesFile(before, change)).toMatchObject({
      ok: false,
      error: expect.stringContaining('"ghost"'),
    });
    const twice = "- name: a\n- name: a\n";
    expect(patchNamespacesFile(twice, { ...fixPaperless, namespace: "a" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("appears 2 times"),
    });
    expect(patchNamespacesFile("a: [\n", fixPaperless)).toMatchObject({
      ok: false,
      error: expect.stringContaining("not valid YAML"),
    });
  });

  it.each([
    ["a namespace name with a newline", { namespace: "x\n- name: evil" }],
    ["a namespace name with quotes and #", { namespace: 'x" # y' }],
    ["a namespace path", { namespace: "../etc" }],
    ["a label value that closes the line", { set: { [PROFILE]: "standard\nevil: true" } }],
    ["a label value with $(…)", { set: { [PROFILE]: "$(rm -rf /)" } }],
    ["a label value with HTML", { set: { [PROFILE]: "<script>" } }],
    ["a label key with a colon", { set: { "evil: x": "1" } }],
    ["a removed key with a newline", { remove: ["a\nb"] }],
  ])("refuses %s and leaves the file alone", (_, patch) => {
    const change = { ...fixPaperless, ...patch } as SetNamespaceLabels;
    const result = patchNamespacesFile(before, change, { createMissing: true });
    expect(result.ok).toBe(false);
  });
});
