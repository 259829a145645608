import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { SetNamespaceLabels } from "./change";
import { patchNamespacesFile } from "./namespaces-file";
import { changedLines, comments } from "./testing/diff-lines";
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

function patched(text: string, change: SetNamespaceLabels): string {
  const result = patchNamespacesFile(text, change);
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

  it("refuses a namespace the file does not hold", () => {
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "vaultwarden",
      set: { [PROFILE]: "internal" },
      remove: [],
    };
    expect(patchNamespacesFile(before, change)).toEqual({
      ok: false,
      error: 'namespace "vaultwarden" is not in the file',
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

const ns = (body: string, eol = "\n") =>
  ["apiVersion: v1", "kind: Namespace", "metadata:", ...body.split("\n")].join(eol);

describe("patchNamespacesFile keeps the file's own style", () => {
  it("adds `labels:` in the metadata's four-space indentation, also before a trailing comment", () => {
    const text = ns("    name: a # the app\n    # note\n    annotations:\n        x.io/p: internal\n");
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "a",
      set: { "x.io/p": "standard" },
      remove: [],
    };
    const after = patched(text, change);
    expect(after).toBe(
      ns("    name: a # the app\n    # note\n    annotations:\n        x.io/p: standard\n") +
        "    labels:\n        x.io/p: standard\n",
    );
    expect(parsed(after)[0]).toMatchObject({
      metadata: { name: "a", labels: { "x.io/p": "standard" }, annotations: { "x.io/p": "standard" } },
    });
    expectKeepsComments(text, after);
  });

  it("edits flow-style labels on one line", () => {
    const text = ns("  name: a\n  labels: { x.io/p: internal, x.io/e: disabled }\n");
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "a",
      set: { [POSTGRES]: "true" },
      remove: ["x.io/e"],
    };
    expect(patched(text, change)).toBe(
      ns('  name: a\n  labels: { x.io/p: internal, access.network-policy.homelab/postgres: "true" }\n'),
    );
  });

  it("keeps a value's quote style and quotes values YAML would read as booleans or numbers", () => {
    const text = ns("  name: a\n  labels:\n    x.io/p: 'internal'\n    x.io/q: plain\n");
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "a",
      set: { "x.io/p": "standard", "x.io/q": "true", "x.io/r": "5432" },
      remove: [],
    };
    expect(patched(text, change)).toBe(
      ns('  name: a\n  labels:\n    x.io/p: \'standard\'\n    x.io/q: "true"\n    x.io/r: "5432"\n'),
    );
  });

  it("keeps CRLF line endings and a missing final newline", () => {
    const text = ns("  name: a\n  labels:\n    x.io/p: internal", "\r\n");
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "a",
      set: { "x.io/q": "1" },
      remove: [],
    };
    expect(patched(text, change)).toBe(
      ns('  name: a\n  labels:\n    x.io/p: internal\n    x.io/q: "1"', "\r\n"),
    );
  });

  it("edits a Namespace inside a `kind: List`", () => {
    const text = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "  - apiVersion: v1",
      "    kind: Namespace",
      "    metadata:",
      "      name: a",
      "  - apiVersion: v1",
      "    kind: Namespace",
      "    metadata:",
      "      name: b",
      "      labels:",
      "        x.io/p: internal # for now",
      "",
    ].join("\n");
    const change: SetNamespaceLabels = {
      type: "set-namespace-labels",
      namespace: "b",
      set: { "x.io/p": "standard" },
      remove: [],
    };
    const after = patched(text, change);
    expect(changedLines(unifiedDiff(text, after, "ns.yaml"))).toEqual([
      "-        x.io/p: internal # for now",
      "+        x.io/p: standard # for now",
    ]);
  });
});

describe("patchNamespacesFile refusals and injection", () => {
  const before = fixture("namespaces-manifests.yaml");

  it("answers unknown namespaces, duplicates and bad YAML with an error, never a throw", () => {
    const change = { ...fixPaperless, namespace: "ghost" };
    expect(patchNamespacesFile(before, change)).toMatchObject({
      ok: false,
      error: expect.stringContaining('"ghost"'),
    });
    const twice = `${ns("  name: a\n")}---\n${ns("  name: a\n")}`;
    expect(patchNamespacesFile(twice, { ...fixPaperless, namespace: "a" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("appears 2 times"),
    });
    expect(patchNamespacesFile("a: [\n", fixPaperless)).toMatchObject({
      ok: false,
      error: expect.stringContaining("not valid YAML"),
    });
  });

  it("refuses a file that holds no Namespace manifest (a name list, a ResourceSet's inputs)", () => {
    const resourceSet = [
      "apiVersion: fluxcd.controlplane.io/v1",
      "kind: ResourceSet",
      "metadata: {name: namespaces}",
      "spec:",
      "  inputs:",
      "    - name: paperless",
      "      labels: {network-policy.homelab/profile: internal}",
      "",
    ].join("\n");
    for (const text of ["- name: paperless\n  labels: {}\n", resourceSet, "# only a comment\n"]) {
      expect(patchNamespacesFile(text, fixPaperless)).toEqual({
        ok: false,
        error: "the file has no Namespace manifests",
      });
    }
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
    const result = patchNamespacesFile(before, change);
    expect(result.ok).toBe(false);
  });
});
