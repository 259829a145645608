import { describe, expect, it } from "vitest";
import { diffLines } from "./line-diff";
import { quotePath, unifiedDiff, yamlSectionStart } from "./unified-diff";

/** Applies a unified diff to `text` the way `patch` does, checking every context line. */
function applyDiff(text: string, diff: string): string {
  const old = text === "" ? [] : text.split(/(?<=\n)/);
  const out: string[] = [];
  let cursor = 0;
  const lines = diff.split("\n");
  let i = 2;
  while (i < lines.length && lines[i] !== "") {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(lines[i]!);
    if (!header) throw new Error(`bad hunk header ${lines[i]}`);
    const start = Number(header[1]) - (header[2] === "0" ? 0 : 1);
    while (cursor < start) out.push(old[cursor++]!);
    i++;
    while (i < lines.length && /^[ +-]/.test(lines[i]!)) {
      const line = lines[i]!;
      const noNewline = lines[i + 1] === "\\ No newline at end of file";
      const content = line.slice(1) + (noNewline ? "" : "\n");
      if (line[0] === "+") out.push(content);
      else {
        expect(old[cursor]).toBe(content);
        cursor++;
        if (line[0] === " ") out.push(content);
      }
      i += noNewline ? 2 : 1;
    }
  }
  while (cursor < old.length) out.push(old[cursor++]!);
  return out.join("");
}

describe("unifiedDiff", () => {
  it("writes git's format: a/ b/ paths, @@ ranges, three lines of context", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h"].join("\n") + "\n";
    const after = ["a", "b", "c", "d", "E", "f", "g", "h"].join("\n") + "\n";
    expect(unifiedDiff(before, after, "dir/file.yaml")).toBe(
      [
        "--- a/dir/file.yaml",
        "+++ b/dir/file.yaml",
        "@@ -2,7 +2,7 @@",
        " b",
        " c",
        " d",
        "-e",
        "+E",
        " f",
        " g",
        " h",
        "",
      ].join("\n"),
    );
  });

  it("diffs a new file against /dev/null and a deleted one to it", () => {
    expect(unifiedDiff(null, "x\ny\n", "new.yaml")).toBe(
      "--- /dev/null\n+++ b/new.yaml\n@@ -0,0 +1,2 @@\n+x\n+y\n",
    );
    expect(unifiedDiff("x\n", null, "old.yaml")).toBe("--- a/old.yaml\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n");
  });

  it("marks a missing final newline like git", () => {
    expect(unifiedDiff("a\nb", "a\nb\n", "f")).toBe(
      "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
    );
  });

  it("returns an empty string when nothing changed", () => {
    expect(unifiedDiff("same\n", "same\n", "f")).toBe("");
  });

  it("splits far-apart changes into separate hunks and merges near ones", () => {
    const base = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const far = [...base];
    far[2] = "changed 3";
    far[25] = "changed 26";
    const farDiff = unifiedDiff(base.join("\n") + "\n", far.join("\n") + "\n", "f");
    expect(farDiff.match(/^@@ .* @@$/gm)).toEqual(["@@ -1,6 +1,6 @@", "@@ -23,7 +23,7 @@"]);
    const near = [...base];
    near[2] = "changed 3";
    near[8] = "changed 9";
    expect(unifiedDiff(base.join("\n") + "\n", near.join("\n") + "\n", "f").match(/^@@ .* @@$/gm)).toEqual([
      "@@ -1,12 +1,12 @@",
    ]);
  });

  it("round-trips random edits through a patch applier", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const before = Array.from({ length: Math.floor(random() * 25) }, () => `l${Math.floor(random() * 6)}`);
      const after = before.flatMap((line) => {
        const roll = random();
        if (roll < 0.15) return [];
        if (roll < 0.3) return [line, `n${Math.floor(random() * 6)}`];
        if (roll < 0.4) return [`m${Math.floor(random() * 6)}`];
        return [line];
      });
      const oldText = before.join("\n") + (random() < 0.8 && before.length > 0 ? "\n" : "");
      const newText = after.join("\n") + (random() < 0.8 && after.length > 0 ? "\n" : "");
      const diff = unifiedDiff(oldText, newText, "f");
      expect(diff === "").toBe(oldText === newText);
      if (diff) expect(applyDiff(oldText, diff)).toBe(newText);
    }
  });

  it("finds a minimal edit script", () => {
    const ops = diffLines(["a", "b", "c", "a", "b", "b", "a"], ["c", "b", "a", "b", "a", "c"]);
    expect(ops.filter((op) => op.kind !== "equal")).toHaveLength(5);
  });

  it("quotes paths that could break the header, as git does", () => {
    expect(quotePath("a/ok-file.yaml")).toBe("a/ok-file.yaml");
    expect(quotePath('a/x"\ny')).toBe('"a/x\\"\\ny"');
    expect(quotePath("a/é")).toBe('"a/\\303\\251"');
    const diff = unifiedDiff("x\n", "y\n", "evil\n+++ b/other");
    expect(diff.split("\n").slice(0, 2)).toEqual([
      '--- "a/evil\\n+++ b/other"',
      '+++ "b/evil\\n+++ b/other"',
    ]);
  });
});

describe("unifiedDiff section headings", () => {
  it("names the YAML entry a hunk is in, as git names the function", () => {
    const before = [
      "- name: n8n",
      "  labels:",
      "    a: '1'",
      "    b: '2'",
      "    c: '3'",
      "    d: '4'",
      "",
    ].join("\n");
    const after = before.replace("    d: '4'", "    d: '4'\n    e: '5'");
    const diff = unifiedDiff(before, after, "ns.yaml", { isSectionStart: yamlSectionStart });
    expect(diff.split("\n")[2]).toBe("@@ -4,3 +4,4 @@ - name: n8n");
    expect(unifiedDiff(before, after, "ns.yaml").split("\n")[2]).toBe("@@ -4,3 +4,4 @@");
  });
});
