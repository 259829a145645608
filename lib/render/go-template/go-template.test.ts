import { describe, expect, it } from "vitest";
import { executeGoTemplate, parseGoTemplate } from ".";
import { render, renderError } from "./testing/test-render";

describe("text and actions", () => {
  it("copies text and prints values with Go's %v", () => {
    expect(render("name: << .name >>", { name: "paperless" })).toBe("name: paperless");
    expect(
      render("<< .n >> << .f >> << .big >> << .b >> << .l >> << .m >>", {
        n: 5432,
        f: 0.5,
        big: 1000000,
        b: true,
        l: ["a", 1],
        m: { z: 1, a: "x" },
      }),
    ).toBe("5432 0.5 1e+06 true [a 1] map[a:x z:1]");
  });

  it("prints <nil> for a null value and leaves text without actions alone", () => {
    expect(render("<< .v >>", { v: null })).toBe("<nil>");
    expect(render("plain {{ not an action }}")).toBe("plain {{ not an action }}");
  });

  it("uses the configured delimiters only", () => {
    const template = parseGoTemplate("{{ .a }} << .a >>", { delims: { left: "{{", right: "}}" } });
    expect(executeGoTemplate(template, { data: { a: 1 } })).toBe("1 << .a >>");
  });

  it("reads literals: strings with escapes, raw strings, chars, ints, floats, bools, nil", () => {
    expect(render(`<< "a\\tb\\"c" >>|<< \`raw\\n\` >>|<< 'x' >>|<< 0x1F >>|<< 1.5 >>|<< true >>`)).toBe(
      'a\tb"c|raw\\n|120|31|1.5|true',
    );
    expect(render("<< print nil >>")).toBe("<nil>");
  });
});

describe("whitespace trimming and comments", () => {
  it("trims the whitespace before <<- and after ->>", () => {
    expect(render("a  \n  <<- .x ->>  \n  b", { x: "X" })).toBe("aXb");
    expect(render("a\n<<- if true >>\nb\n<<- end >>\n", null)).toBe("a\nb\n");
  });

  it("does not take <<-3>> for a trim marker", () => {
    expect(render("<<-3>>")).toBe("-3");
  });

  it("drops comments, with or without trim markers", () => {
    expect(render("a <</* note */>> b")).toBe("a  b");
    expect(render("a \n<<- /* note */ ->>\n b")).toBe("ab");
  });
});

describe("variables and pipelines", () => {
  it("passes the previous value as the last argument", () => {
    expect(render(`<< .v | printf "%s-%s" "a" >>`, { v: "b" })).toBe("a-b");
    expect(render(`<< "x" | quote | printf "[%s]" >>`)).toBe('["x"]');
  });

  it("declares, reassigns and scopes variables", () => {
    expect(render(`<< $x := "a" >><< $x >><< $x = "b" >><< $x >>`)).toBe("ab");
    expect(render(`<< $x := 1 >><< if true >><< $x = 2 >><< $y := 3 >><< $y >><< end >><< $x >>`)).toBe("32");
  });

  it("reads fields of variables, of parenthesized pipelines and of function results", () => {
    const data = { net: { profile: "standard" }, list: [{ name: "a" }] };
    expect(render(`<< $n := .net >><< $n.profile >>`, data)).toBe("standard");
    expect(render(`<< (index .list 0).name >>`, data)).toBe("a");
    expect(render(`<< $.net.profile >>`, data)).toBe("standard");
  });
});

describe("if, with and range", () => {
  it("chooses if / else if / else branches by Go truthiness", () => {
    const t = `<< if .a >>A<< else if .b >>B<< else >>C<< end >>`;
    expect(render(t, { a: 1, b: true })).toBe("A");
    expect(render(t, { a: 0, b: true })).toBe("B");
    expect(render(t, { a: "", b: [] })).toBe("C");
    expect(render(`<< if .m >>y<< else >>n<< end >>`, { m: {} })).toBe("n");
  });

  it("sets dot in with, and falls to else / else with", () => {
    const t = `<< with .a >><< .x >><< else with .b >>b:<< . >><< else >>none<< end >>`;
    expect(render(t, { a: { x: "X" }, b: "B" })).toBe("X");
    expect(render(t, { a: null, b: "B" })).toBe("b:B");
    expect(render(t, { a: null, b: "" })).toBe("none");
  });

  it("ranges over lists with $i, $v and over maps in key order", () => {
    expect(render(`<< range $i, $v := .l >><< $i >>:<< $v >>,<< end >>`, { l: ["a", "b"] })).toBe("0:a,1:b,");
    expect(render(`<< range $k, $v := .m >><< $k >>=<< $v >>;<< end >>`, { m: { b: 2, a: 1 } })).toBe(
      "a=1;b=2;",
    );
    expect(render(`<< range .l >>[<< . >>]<< end >>`, { l: ["x"] })).toBe("[x]");
    expect(render(`<< range $v := .l >><< $v >><< end >>`, { l: ["p", "q"] })).toBe("pq");
  });

  it("takes range's else for an empty or nil value, and ranges over an int", () => {
    expect(render(`<< range .l >>x<< else >>empty<< end >>`, { l: [] })).toBe("empty");
    expect(render(`<< range .l >>x<< else >>empty<< end >>`, { l: null })).toBe("empty");
    expect(render(`<< range 3 >><< . >><< end >>`)).toBe("012");
  });

  it("supports break and continue", () => {
    const t = `<< range .l >><< if eq . "skip" >><< continue >><< end >><< if eq . "stop" >><< break >><< end >><< . >><< end >>`;
    expect(render(t, { l: ["a", "skip", "b", "stop", "c"] })).toBe("ab");
  });

  it("refuses to range over a string or a number", () => {
    expect(renderError(`<< range .s >><< end >>`, { s: "abc" }).reason).toBe("range can't iterate over abc");
  });
});

describe("missing keys and field errors", () => {
  it("fails on a missing key with its position and expression", () => {
    const error = renderError("metadata:\n  name: << .net.profile >>", { net: {} });
    expect(error.code).toBe("missing-key");
    expect(error.key).toBe("profile");
    expect(error.expression).toBe(".net.profile");
    expect(error.position).toEqual({ line: 2, column: 12 });
    expect(error.message).toBe('2:12 at <.net.profile>: map has no entry for key "profile"');
  });

  it("fails on fields of nil and of scalars", () => {
    expect(renderError("<< .a.b >>", { a: null }).reason).toBe("nil pointer evaluating interface {}.b");
    expect(renderError("<< .a.b >>", { a: "text" }).reason).toBe("can't evaluate field b in type string");
  });

  it("refuses arguments to a field", () => {
    expect(renderError(`<< .a "x" >>`, { a: 1 }).reason).toBe(".a is not a method but has arguments");
  });
});

describe("syntax errors", () => {
  it("reports an unclosed action with its position", () => {
    const error = renderError("ok\nname: << .name ");
    expect(error.code).toBe("syntax");
    expect(error.message).toBe("2:7: unclosed action");
  });

  it("reports unknown functions before executing", () => {
    const error = renderError("a\n<< required .x >>");
    expect(error.code).toBe("syntax");
    expect(error.message).toBe('2:4: function "required" not defined');
  });

  it("reports unmatched end/else, missing end, undefined variables and bad pipelines", () => {
    expect(renderError("<< end >>").reason).toBe("unexpected {{end}}");
    expect(renderError("<< if true >>x").reason).toBe("unexpected EOF: {{if}} without {{end}}");
    expect(renderError("<< $x >>").reason).toBe("undefined variable: $x");
    expect(renderError("<< if >><< end >>").reason).toBe("missing value for if");
    expect(renderError(`<< .a | "x" >>`).reason).toBe("non executable command in pipeline stage 2");
    expect(renderError("<< break >>").reason).toBe("{{break}} outside {{range}}");
    expect(renderError('<< define "x" >><< end >>').reason).toBe(
      "{{define}} is not supported by this renderer",
    );
    expect(renderError("<</* open").reason).toBe("unclosed comment");
    expect(renderError("<< 1x >>").reason).toBe('bad number syntax: "1x"');
  });
});

describe("limits", () => {
  it("stops a template whose output grows past the bound", () => {
    const error = renderError(
      `<< range .l >>0123456789<< end >>`,
      { l: Array.from({ length: 20 }, () => 1) },
      {
        maxOutput: 100,
      },
    );
    expect(error.code).toBe("limit");
    expect(error.reason).toBe("output exceeds 100 characters");
  });

  it("stops nested ranges past the iteration budget", () => {
    const l = Array.from({ length: 50 }, (_, i) => i);
    const error = renderError(
      `<< range $.l >><< range $.l >><< end >><< end >>`,
      { l },
      { maxRangeIterations: 1000 },
    );
    expect(error.code).toBe("limit");
    expect(error.reason).toBe("more than 1000 range iterations");
    expect(
      render(`<< range $.l >><< range $.l >><< end >><< end >>ok`, { l }, { maxRangeIterations: 3000 }),
    ).toBe("ok");
  });

  it("refuses to range over a huge int", () => {
    expect(renderError(`<< range 1000000000 >><< end >>`, null, { maxRangeIterations: 10 }).code).toBe(
      "limit",
    );
  });
});
