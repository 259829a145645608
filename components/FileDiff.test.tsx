import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "@/lib/gitops/unified-diff";
import { FileDiff } from "./FileDiff";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";

const LONG_VALUE = "x".repeat(400);
const BEFORE = "metadata:\n  labels:\n    team: shop\n    old: gone\n";
const AFTER = `metadata:\n  labels:\n    team: shop\n    note: "${HOSTILE_TEXT}"\n    long: ${LONG_VALUE}\n`;
const DIFF = unifiedDiff(BEFORE, AFTER, "clusters/homelab/namespaces/shop.yaml");

const shown = () => [...screen.getByTestId("fix-diff").children] as HTMLElement[];
const lineOf = (text: string) => shown().find((line) => line.textContent === text)!;

describe("FileDiff", () => {
  it("shows each line of the diff as one line, in order", () => {
    render(<FileDiff diff={DIFF} />);
    expect(shown().map((line) => line.textContent)).toEqual(DIFF.replace(/\n$/, "").split("\n"));
  });

  it("marks added, removed, header and hunk lines apart from the context", () => {
    render(<FileDiff diff={DIFF} />);
    const added = lineOf(`+    note: "${HOSTILE_TEXT}"`);
    const removed = lineOf("-    old: gone");
    const context = lineOf("     team: shop");
    const header = shown()[0]!;
    const hunk = shown().find((line) => line.textContent?.startsWith("@@"))!;
    expect(added.className).toContain("text-emerald-300");
    expect(removed.className).toContain("text-red-300");
    expect(header.textContent?.startsWith("---")).toBe(true);
    expect(header.className).toContain("text-slate-400");
    expect(hunk.className).toContain("text-sky-300");
    expect(context.className.trim()).toBe("block");
  });

  it("wraps a long line inside its box and scrolls a long diff", () => {
    render(<FileDiff diff={DIFF} />);
    const box = screen.getByTestId("fix-diff");
    expect(lineOf(`+    long: ${LONG_VALUE}`)).toBeTruthy();
    expect(box.className.split(" ")).toEqual(
      expect.arrayContaining([
        "whitespace-pre-wrap",
        "[overflow-wrap:anywhere]",
        "max-h-96",
        "overflow-auto",
      ]),
    );
  });

  it("keeps an empty line as a line, and hostile text as text", () => {
    const { container } = render(<FileDiff diff={"+a\n\n-b\n"} />);
    expect(shown().map((line) => line.textContent)).toEqual(["+a", " ", "-b"]);
    render(<FileDiff diff={DIFF} />);
    expectNoInjectedMarkup(container);
    expectNoInjectedMarkup(document.body);
  });
});
