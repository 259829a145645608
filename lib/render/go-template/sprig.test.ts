import { describe, expect, it } from "vitest";
import { render, renderError } from "./testing/test-render";

describe("slim-sprig string functions", () => {
  it("quote and squote, skipping nil, with Go escapes", () => {
    expect(
      render(`<< .v | quote >>|<< quote .n >>|<< quote .s "b" >>|<< squote .s >>|<< quote .x >>`, {
        v: "true",
        n: 5432,
        s: 'a"\n',
        x: null,
      }),
    ).toBe('"true"|"5432"|"a\\"\\n" "b"|\'a"\n\'|');
  });

  it("default uses the fallback for empty values only", () => {
    const t = `<< .v | default "internal" >>`;
    expect(render(t, { v: "standard" })).toBe("standard");
    expect(render(t, { v: "" })).toBe("internal");
    expect(render(t, { v: null })).toBe("internal");
    expect(render(t, { v: false })).toBe("internal");
    expect(render(t, { v: 0 })).toBe("internal");
    expect(render(`<< default "x" >>`)).toBe("x");
  });

  it("indent and nindent pad every line", () => {
    expect(render(`x:<< "a: 1\\nb: 2" | nindent 2 >>`)).toBe("x:\n  a: 1\n  b: 2");
    expect(render(`<< indent 4 "a\\nb" >>`)).toBe("    a\n    b");
    expect(renderError(`<< nindent .n "a" >>`, { n: 2 }).reason).toBe(
      "wrong type for value; expected int; got float64",
    );
  });

  it("lower, upper, title, trim, trimPrefix, trimSuffix, replace, join, hasPrefix, contains", () => {
    expect(
      render(
        `<< lower "AbC" >>|<< upper "x" >>|<< title "hello world" >>|<< trim "  a " >>|<< trimPrefix "app-" "app-x" >>|<< trimSuffix ".yaml" "a.yaml" >>`,
      ),
    ).toBe("abc|X|Hello World|a|x|a");
    expect(
      render(
        `<< replace "." "-" .h >>|<< join "," .l >>|<< hasPrefix "int" .p >>|<< .p | contains "egress" >>`,
        {
          h: "a.b.c",
          l: ["x", 1, null, true],
          p: "internal-egress",
        },
      ),
    ).toBe("a-b-c|x,1,true|true|true");
  });

  it("toString, ternary, empty, coalesce", () => {
    expect(
      render(`<< toString .n >>|<< ternary "on" "off" .b >>|<< empty .m >>|<< coalesce "" .x "z" >>`, {
        n: 5432,
        b: false,
        m: {},
        x: null,
      }),
    ).toBe("5432|off|true|z");
  });

  it("type errors name what was expected", () => {
    expect(renderError(`<< lower .n >>`, { n: 1 }).reason).toBe(
      "wrong type for value; expected string; got float64",
    );
    expect(renderError(`<< upper .x >>`, { x: null }).reason).toBe("invalid value; expected string");
  });
});

describe("slim-sprig data functions", () => {
  it("get, hasKey, dig, dict, list, keys, first, last, has", () => {
    const data = { m: { a: { b: "deep" }, k: "v" }, l: ["x", "y"] };
    expect(
      render(
        `<< get .m "k" >>|<< get .m "none" >>|<< hasKey .m "k" >>|<< dig "a" "b" "d" .m >>|<< dig "a" "z" "d" .m >>`,
        data,
      ),
    ).toBe("v||true|deep|d");
    expect(
      render(
        `<< (dict "a" 1 "b" "x").b >>|<< list 1 "a" >>|<< keys .m >>|<< first .l >>|<< last .l >>|<< has "y" .l >>`,
        data,
      ),
    ).toBe("x|[1 a]|[a k]|x|y|true");
  });

  it("int, add, sub, mul, div, mod, atoi turn numbers into Go ints", () => {
    expect(
      render(
        `<< .r | int >>|<< add 1 .r >>|<< sub 5 2 >>|<< mul 2 3 4 >>|<< div 7 2 >>|<< mod 7 2 >>|<< atoi "42" >>`,
        {
          r: 3.7,
        },
      ),
    ).toBe("3|4|3|24|3|1|42");
    expect(render(`<< eq (int .r) 3 >>`, { r: 3 })).toBe("true");
    expect(renderError(`<< div 1 0 >>`).reason).toBe(
      "error calling div: runtime error: integer divide by zero",
    );
  });

  it("toJson and fail", () => {
    expect(render(`<< toJson .m >>`, { m: { b: [1, "x"], a: true } })).toBe('{"a":true,"b":[1,"x"]}');
    expect(renderError(`<< fail "no profile" >>`).reason).toBe("error calling fail: no profile");
  });
});
