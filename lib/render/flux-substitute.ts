// Flux's post-build variable substitution (kustomize-controller `spec.postBuild`), as its envsubst
// fork (fluxcd/pkg/envsubst) evaluates it on each built object's YAML:
// - only `${…}` is an expression; `$var` is plain text, and `$$` writes one `$` (so `$${var}` stays
//   `${var}` in the output);
// - `${var:=default}`, `${var:-default}`, `${var=default}` (and `:?`, `:+`, which it treats the same)
//   use the default when the value is empty or unset; the default may hold `${other}`;
// - `${#var}` is the length, `${var^}`, `${var^^}`, `${var,}`, `${var,,}` change case;
// - an unset variable in `${var}` is an error in strict mode (the default since Flux 2.x /
//   kustomize-controller v1.9) and an empty string otherwise: Sieve writes the empty string and
//   reports the variable, so it is never silently kept;
// - the pattern operators (`#`, `%`, `/`, `:offset`) are not evaluated here: reported instead.
// Which objects are substituted (the `kustomize.toolkit.fluxcd.io/substitute: disabled` label or
// annotation, the WithVariables/Always strategy) and where variables come from are below too.

import { asRecord } from "@/lib/policy/json-read";
import type { KubeManifest } from "./rendered";

export interface SubstitutionResult {
  text: string;
  /** Variables read without a default and without a value, in order of first use. */
  unresolved: string[];
  /** Why the text could not be substituted (it is then returned unchanged). */
  error: string | null;
}

type Node = { type: "text"; value: string } | { type: "var"; name: string; op: string; args: Node[][] };

class SubstitutionSyntaxError extends Error {}

const DEFAULT_OPS = new Set([":=", ":-", ":?", ":+", "="]);
const CASE_OPS = new Set(["^", "^^", ",", ",,"]);

function isNameChar(char: string | undefined): boolean {
  return char !== undefined && /^[\p{L}\p{N}_]$/u.test(char);
}

/** Parses `text` from `start` into nodes; inside a function, stops before its closing `}`. */
class Parser {
  constructor(private readonly text: string) {}

  /** Top-level text: `$$` is `$`, `${` opens a function, everything else is literal. */
  parseAll(): Node[] {
    const nodes: Node[] = [];
    let literal = "";
    let i = 0;
    while (i < this.text.length) {
      if (this.text.startsWith("$$", i)) {
        literal += "$";
        i += 2;
      } else if (this.text.startsWith("${", i)) {
        if (literal) nodes.push({ type: "text", value: literal });
        literal = "";
        const [node, end] = this.parseFunction(i + 2);
        nodes.push(node);
        i = end;
      } else {
        literal += this.text[i];
        i += 1;
      }
    }
    if (literal) nodes.push({ type: "text", value: literal });
    return nodes;
  }

  /** `${` has been read; returns the node and the index after its `}`. */
  private parseFunction(start: number): [Node, number] {
    let i = start;
    if (this.text[i] === "#") {
      const [name, end] = this.name(i + 1);
      return [{ type: "var", name, op: "#len", args: [] }, this.close(end)];
    }
    const [name, afterName] = this.name(i);
    i = afterName;
    const next = this.text[i];
    if (next === "}") return [{ type: "var", name, op: "", args: [] }, i + 1];
    if (next === ":" && "=-?+".includes(this.text[i + 1] ?? "x")) return this.parseDefault(name, i, 2);
    if (next === "=") return this.parseDefault(name, i, 1);
    if (next === "^" || next === ",") {
      const op = this.text[i + 1] === next ? next + next : next;
      return [{ type: "var", name, op, args: [] }, this.close(i + op.length)];
    }
    if (next !== undefined && ":#%/".includes(next)) {
      throw new SubstitutionSyntaxError(`\${${name}${next}…}: this operator is not evaluated by Sieve`);
    }
    throw new SubstitutionSyntaxError(`missing closing brace after \${${name}`);
  }

  private parseDefault(name: string, at: number, length: number): [Node, number] {
    const op = this.text.slice(at, at + length);
    const arg: Node[] = [];
    let literal = "";
    let i = at + length;
    for (;;) {
      const char = this.text[i];
      if (char === undefined) throw new SubstitutionSyntaxError(`missing closing brace in \${${name}${op}…`);
      if (char === "}") break;
      if (this.text.startsWith("$$", i)) {
        literal += "$";
        i += 2;
      } else if (char === "\\" && (this.text[i + 1] === "/" || this.text[i + 1] === "\\")) {
        literal += this.text[i + 1];
        i += 2;
      } else if (this.text.startsWith("${", i)) {
        if (literal) arg.push({ type: "text", value: literal });
        literal = "";
        const [node, end] = this.parseFunction(i + 2);
        arg.push(node);
        i = end;
      } else {
        literal += char;
        i += 1;
      }
    }
    if (literal) arg.push({ type: "text", value: literal });
    return [{ type: "var", name, op, args: [arg] }, i + 1];
  }

  private name(start: number): [string, number] {
    let end = start;
    while (isNameChar(this.text[end])) end += 1;
    if (end === start) throw new SubstitutionSyntaxError("unable to parse variable name");
    return [this.text.slice(start, end), end];
  }

  private close(at: number): number {
    if (this.text[at] !== "}") throw new SubstitutionSyntaxError("missing closing brace");
    return at + 1;
  }
}

function evaluate(
  nodes: readonly Node[],
  vars: ReadonlyMap<string, string>,
  unresolved: Set<string>,
): string {
  let out = "";
  for (const node of nodes) {
    if (node.type === "text") {
      out += node.value;
      continue;
    }
    // Like envsubst, a default is evaluated even when the value is set.
    const args = node.args.map((arg) => evaluate(arg, vars, unresolved));
    const value = vars.get(node.name);
    if (value === undefined && !DEFAULT_OPS.has(node.op)) unresolved.add(node.name);
    const text = value ?? "";
    if (DEFAULT_OPS.has(node.op)) out += text === "" ? args.join("") : text;
    else if (node.op === "#len") out += String([...text].length);
    else if (CASE_OPS.has(node.op)) {
      const upper = node.op.startsWith("^");
      const change = (s: string) => (upper ? s.toUpperCase() : s.toLowerCase());
      out += node.op.length === 2 ? change(text) : change(text.slice(0, 1)) + text.slice(1);
    } else out += text;
  }
  return out;
}

/** Substitutes `${…}` expressions in `text` with `vars`, Flux's way (see the top of this file). */
export function substituteVariables(text: string, vars: ReadonlyMap<string, string>): SubstitutionResult {
  let nodes: Node[];
  try {
    nodes = new Parser(text).parseAll();
  } catch (error) {
    if (!(error instanceof SubstitutionSyntaxError)) throw error;
    return { text, unresolved: [], error: error.message };
  }
  const unresolved = new Set<string>();
  return { text: evaluate(nodes, vars, unresolved), unresolved: [...unresolved], error: null };
}

export const SUBSTITUTE_KEY = "kustomize.toolkit.fluxcd.io/substitute";

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asRecord(value))) {
    if (typeof entry === "string") out[key] = entry;
    else if (typeof entry === "number" || typeof entry === "boolean") out[key] = String(entry);
  }
  return out;
}

/** An object labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled` is left alone. */
export function substitutionDisabled(object: KubeManifest): boolean {
  const metadata = asRecord(object.metadata);
  return (
    stringMap(metadata.labels)[SUBSTITUTE_KEY] === "disabled" ||
    stringMap(metadata.annotations)[SUBSTITUTE_KEY] === "disabled"
  );
}

export interface SubstituteFromReference {
  kind: "ConfigMap" | "Secret";
  name: string;
  optional: boolean;
}

export interface PostBuild {
  substitute: Record<string, string>;
  substituteFrom: SubstituteFromReference[];
  /** "Always" substitutes even without variables (for `${var:=default}` alone). */
  strategy: "WithVariables" | "Always";
}

/** A Flux Kustomization's `spec.postBuild`, or null when it has none (then nothing is substituted). */
export function postBuildOf(fluxKustomization: KubeManifest): PostBuild | null {
  const spec = asRecord(fluxKustomization.spec);
  if (spec.postBuild === undefined || spec.postBuild === null) return null;
  const postBuild = asRecord(spec.postBuild);
  const substituteFrom: SubstituteFromReference[] = [];
  for (const entry of Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : []) {
    const reference = asRecord(entry);
    if ((reference.kind === "ConfigMap" || reference.kind === "Secret") && typeof reference.name === "string")
      substituteFrom.push({
        kind: reference.kind,
        name: reference.name,
        optional: reference.optional === true,
      });
  }
  return {
    substitute: stringMap(postBuild.substitute),
    substituteFrom,
    strategy: postBuild.substituteStrategy === "Always" ? "Always" : "WithVariables",
  };
}

function decodeBase64(text: string): string | null {
  try {
    const binary = atob(text.replace(/\s+/g, ""));
    return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return null;
  }
}

/**
 * The variables a ConfigMap or Secret gives: its `data` (a Secret's base64-decoded) and, for a
 * Secret as written in git, `stringData` (the API server merges it over `data`). Flux removes
 * newlines from every value.
 */
export function variablesOf(object: KubeManifest): Map<string, string> {
  const vars = new Map<string, string>();
  const put = (key: string, value: string) => vars.set(key, value.replace(/\n/g, ""));
  if (object.kind === "Secret") {
    for (const [key, value] of Object.entries(stringMap(object.data))) {
      const decoded = decodeBase64(value);
      if (decoded !== null) put(key, decoded);
    }
    for (const [key, value] of Object.entries(stringMap(object.stringData))) put(key, value);
  } else {
    for (const [key, value] of Object.entries(stringMap(object.data))) put(key, value);
  }
  return vars;
}

const VARIABLE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

/**
 * The variables of a postBuild: each substituteFrom source in order (a later one wins), then the
 * inline `substitute` (which wins over all). Invalid names are returned as errors, as Flux
 * refuses to substitute with them.
 */
export function postBuildVariables(
  postBuild: PostBuild,
  sources: ReadonlyArray<ReadonlyMap<string, string>>,
): { vars: Map<string, string>; invalidNames: string[] } {
  const vars = new Map<string, string>();
  for (const source of sources) for (const [key, value] of source) vars.set(key, value);
  for (const [key, value] of Object.entries(postBuild.substitute)) vars.set(key, value.replace(/\n/g, ""));
  return { vars, invalidNames: [...vars.keys()].filter((name) => !VARIABLE_NAME.test(name)) };
}

/** Whether Flux runs the substitution at all for this postBuild and these variables. */
export function substitutionRuns(postBuild: PostBuild | null, vars: ReadonlyMap<string, string>): boolean {
  return postBuild !== null && (vars.size > 0 || postBuild.strategy === "Always");
}
