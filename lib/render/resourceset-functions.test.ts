import { describe, expect, it } from "vitest";
import { executeGoTemplate, parseGoTemplate } from "./go-template";
import { marshalGoYaml } from "./go-yaml";
import { RESOURCESET_FUNCTIONS, slugify } from "./resourceset-functions";

function render(text: string, inputs: Record<string, unknown>): string {
  const template = parseGoTemplate(text, {
    delims: { left: "<<", right: ">>" },
    functions: RESOURCESET_FUNCTIONS,
  });
  return executeGoTemplate(template, { functions: { inputs: () => inputs } });
}

describe("marshalGoYaml", () => {
  it("writes YAML as sigs.k8s.io/yaml does: sorted keys, unindented sequences, quoted look-alikes", () => {
    expect(marshalGoYaml({ b: ["x", { c: 1 }], a: "true", t: "<< inputs.name >>", n: 5n })).toBe(
      'a: "true"\nb:\n- x\n- c: 1\nn: 5\nt: << inputs.name >>\n',
    );
  });
});

describe("ResourceSet template functions", () => {
  it("toYaml keeps its trailing newline, and reads well with nindent", () => {
    expect(render("<< toYaml inputs.m >>", { m: { k2: "v2", k1: "v1" } })).toBe("k1: v1\nk2: v2\n");
    expect(render("data: << inputs.m | toYaml | nindent 2 >>", { m: { k: "v" } })).toBe("data: \n  k: v\n  ");
  });

  it("slugify makes label-safe values of at most 63 characters", () => {
    expect(slugify("Équipe Données & Co")).toBe("equipe-donnees-and-co");
    expect(render("<< inputs.t | slugify >>", { t: "feat/New_Thing!" })).toBe("feat-new_thing");
    const long = slugify("word ".repeat(20));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long.endsWith("word")).toBe(true);
  });

  it("reads the input set through `inputs`, including get with default", () => {
    expect(render(`<< get inputs "name" | default inputs.namespace >>`, { namespace: "team1" })).toBe(
      "team1",
    );
  });
});
