import { describe, expect, it } from "vitest";
import type { RepositoryFiles, RepositoryRender } from "@/lib/render/rendered";
import { RepositoryRenders } from "./repository-renders";

function counting() {
  const calls: string[] = [];
  const renders = new RepositoryRenders(async (files: RepositoryFiles): Promise<RepositoryRender> => {
    calls.push([...files.values()].join());
    return { renderer: "test", objects: [], problems: [] };
  });
  return { calls, renders };
}

const files = (text: string) => new Map([["a.yaml", text]]);

describe("RepositoryRenders", () => {
  it("renders the base once per content, and again when it changes", async () => {
    const { calls, renders } = counting();
    await renders.baseRender(files("one"));
    await renders.baseRender(files("one"));
    expect(calls).toEqual(["one"]);
    await renders.baseRender(files("two"));
    expect(calls).toEqual(["one", "two"]);
    expect(renders.latest()?.render.renderer).toBe("test");
  });

  it("keeps the renders of the last four other contents, the least recently asked dropped first", async () => {
    const { calls, renders } = counting();
    for (const text of ["a", "b", "c", "d", "a", "e"]) await renders.otherRender(files(text));
    expect(calls).toEqual(["a", "b", "c", "d", "e"]);
    await renders.otherRender(files("b"));
    expect(calls).toEqual(["a", "b", "c", "d", "e", "b"]);
  });

  it("does not keep a render that failed", async () => {
    let fail = true;
    const renders = new RepositoryRenders(async () => {
      if (fail) throw new Error("kubectl is gone");
      return { renderer: "test", objects: [], problems: [] };
    });
    await expect(renders.otherRender(files("x"))).rejects.toThrow("kubectl is gone");
    fail = false;
    await expect(renders.otherRender(files("x"))).resolves.toMatchObject({ renderer: "test" });
  });
});
