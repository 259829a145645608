// Builds the parse tree from the tokens, with the checks Go's parser makes before anything runs:
// unknown functions, undefined variables, `break`/`continue` outside `range`, unmatched `end`/`else`,
// empty pipelines, and literals used as pipeline stages. Errors carry line:column.

import type { Branch, Command, Declaration, Operand, ParsedTemplate, Pipeline, TemplateNode } from "./ast";
import { TemplateError, positionAt } from "./errors";
import { LexError, lex, type Delimiters, type Token } from "./lexer";

export interface ParseOptions {
  delims?: Delimiters;
  /** Names of the functions the template may call (builtins included). */
  functions: ReadonlySet<string>;
  /** Deepest nesting of control structures and parentheses; guards against runaway input. */
  maxDepth?: number;
}

const DEFAULT_DELIMS: Delimiters = { left: "{{", right: "}}" };
const DEFAULT_MAX_DEPTH = 100;

type Stop = { keyword: "end" | "else" | "eof"; pos: number };

export function parseTemplate(source: string, options: ParseOptions): ParsedTemplate {
  const delims = options.delims ?? DEFAULT_DELIMS;
  let tokens: Token[];
  try {
    tokens = lex(source, delims);
  } catch (error) {
    if (error instanceof LexError)
      throw new TemplateError("syntax", error.message, positionAt(source, error.pos));
    throw error;
  }
  const parser = new Parser(source, tokens, options.functions, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  return { source, nodes: parser.parseAll() };
}

class Parser {
  private index = 0;
  private readonly scopes: string[] = [""];
  private rangeDepth = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly functions: ReadonlySet<string>,
    private readonly maxDepth: number,
  ) {}

  parseAll(): TemplateNode[] {
    const { nodes, stop } = this.parseList();
    if (stop.keyword !== "eof") this.fail(`unexpected {{${stop.keyword}}}`, stop.pos);
    return nodes;
  }

  private fail(message: string, pos: number): never {
    throw new TemplateError("syntax", message, positionAt(this.source, pos));
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (!token) this.fail("unexpected end of template", this.source.length);
    this.index++;
    return token;
  }

  private expect(type: Token["type"], context: string): Token {
    const token = this.peek();
    if (!token || token.type !== type) {
      const found = token ? describe(token) : "end of template";
      this.fail(`unexpected ${found} in ${context}`, token?.pos ?? this.source.length);
    }
    return this.next();
  }

  private enter(pos: number): void {
    this.depth++;
    if (this.depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`, pos);
  }

  /** Nodes until `{{end}}`, `{{else…}}` or the end of the template (the stop token is consumed, up to the keyword). */
  private parseList(): { nodes: TemplateNode[]; stop: Stop } {
    const nodes: TemplateNode[] = [];
    for (;;) {
      const token = this.peek();
      if (!token) return { nodes, stop: { keyword: "eof", pos: this.source.length } };
      if (token.type === "text") {
        this.next();
        nodes.push({ kind: "text", pos: token.pos, text: token.value });
        continue;
      }
      const delim = this.next(); // leftDelim
      const first = this.peek();
      if (first?.type === "keyword") {
        switch (first.value) {
          case "end":
            this.next();
            this.expect("rightDelim", "end");
            return { nodes, stop: { keyword: "end", pos: delim.pos } };
          case "else":
            this.next();
            return { nodes, stop: { keyword: "else", pos: delim.pos } };
          case "if":
          case "with":
            this.next();
            nodes.push(this.parseConditional(first.value, delim.pos));
            continue;
          case "range":
            this.next();
            nodes.push(this.parseRange(delim.pos));
            continue;
          case "break":
          case "continue":
            this.next();
            if (this.rangeDepth === 0) this.fail(`{{${first.value}}} outside {{range}}`, delim.pos);
            this.expect("rightDelim", first.value);
            nodes.push({ kind: first.value, pos: delim.pos });
            continue;
          default:
            this.fail(`{{${first.value}}} is not supported by this renderer`, delim.pos);
        }
      }
      const pipe = this.parsePipeline("command", false);
      this.expect("rightDelim", "command");
      nodes.push({ kind: "action", pos: delim.pos, pipe });
    }
  }

  private parseConditional(keyword: "if" | "with", pos: number): TemplateNode {
    this.enter(pos);
    const mark = this.scopes.length;
    const branches: Branch[] = [];
    let elseBody: TemplateNode[] | null = null;
    for (;;) {
      const pipe = this.parsePipeline(keyword, false);
      this.expect("rightDelim", keyword);
      const { nodes, stop } = this.parseList();
      branches.push({ pipe, body: nodes });
      if (stop.keyword === "eof") this.fail(`unexpected EOF: {{${keyword}}} without {{end}}`, pos);
      if (stop.keyword === "end") break;
      // {{else}}, {{else if …}} or {{else with …}}
      const after = this.peek();
      if (after?.type === "keyword" && after.value === keyword) {
        this.next();
        continue;
      }
      this.expect("rightDelim", "else");
      const rest = this.parseList();
      if (rest.stop.keyword !== "end") this.fail(`expected {{end}} after {{else}}`, rest.stop.pos);
      elseBody = rest.nodes;
      break;
    }
    this.scopes.length = mark;
    this.depth--;
    return { kind: keyword, pos, branches, elseBody };
  }

  private parseRange(pos: number): TemplateNode {
    this.enter(pos);
    const mark = this.scopes.length;
    const pipe = this.parsePipeline("range", true);
    this.expect("rightDelim", "range");
    this.rangeDepth++;
    const { nodes, stop } = this.parseList();
    this.rangeDepth--;
    let elseBody: TemplateNode[] | null = null;
    if (stop.keyword === "eof") this.fail("unexpected EOF: {{range}} without {{end}}", pos);
    if (stop.keyword === "else") {
      this.expect("rightDelim", "else");
      const rest = this.parseList();
      if (rest.stop.keyword !== "end") this.fail(`expected {{end}} after {{else}}`, rest.stop.pos);
      elseBody = rest.nodes;
    }
    this.scopes.length = mark;
    this.depth--;
    return { kind: "range", pos, pipe, body: nodes, elseBody };
  }

  private parseDeclaration(allowTwo: boolean): Declaration | null {
    const first = this.peek();
    if (first?.type !== "variable") return null;
    const second = this.peek(1);
    if (second?.type === "declare" || second?.type === "assign") {
      this.index += 2;
      return this.declare(second.type, [first.value], first.pos);
    }
    if (allowTwo && second?.type === "comma") {
      const third = this.peek(2);
      const fourth = this.peek(3);
      if (third?.type === "variable" && (fourth?.type === "declare" || fourth?.type === "assign")) {
        this.index += 4;
        return this.declare(fourth.type, [first.value, third.value], first.pos);
      }
      this.fail("range can only initialize variables as $i, $v :=", first.pos);
    }
    return null;
  }

  private declare(op: "declare" | "assign", names: string[], pos: number): Declaration {
    for (const name of names) {
      if (op === "declare") this.scopes.push(name);
      else if (!this.scopes.includes(name)) this.fail(`undefined variable: $${name}`, pos);
    }
    return { op, names };
  }

  private parsePipeline(context: string, isRange: boolean): Pipeline {
    const start = this.peek();
    const pos = start?.pos ?? this.source.length;
    const decl = this.parseDeclaration(isRange);
    const commands: Command[] = [];
    for (;;) {
      const token = this.peek();
      if (!token || token.type === "rightDelim" || token.type === "rightParen") break;
      if (token.type === "pipe") {
        if (commands.length === 0) this.fail(`missing value for command before |`, token.pos);
        this.next();
        continue;
      }
      commands.push(this.parseCommand());
    }
    if (commands.length === 0) this.fail(`missing value for ${context}`, pos);
    for (const [i, command] of commands.entries()) {
      const head = command.args[0];
      if (head && i > 0 && ["bool", "dot", "nil", "number", "string"].includes(head.kind)) {
        this.fail(`non executable command in pipeline stage ${i + 1}`, head.pos);
      }
    }
    const last = this.tokens[this.index - 1];
    return { pos, text: this.source.slice(pos, last?.end ?? pos).trim(), decl, commands };
  }

  private parseCommand(): Command {
    const args: Operand[] = [];
    const pos = this.peek()?.pos ?? this.source.length;
    for (;;) {
      const token = this.peek();
      if (!token || token.type === "rightDelim" || token.type === "rightParen" || token.type === "pipe")
        break;
      if (args.length > 0 && !token.spaceBefore)
        this.fail(`missing space before ${describe(token)}`, token.pos);
      args.push(this.parseOperand());
    }
    return { pos, args };
  }

  private parseOperand(): Operand {
    const term = this.parseTerm();
    const fields: string[] = [];
    while (this.peek()?.type === "field" && !this.peek()?.spaceBefore) fields.push(this.next().value);
    if (fields.length === 0) return term;
    const text = this.source.slice(term.pos, this.tokens[this.index - 1]?.end ?? term.pos);
    switch (term.kind) {
      case "field":
      case "variable":
        return { ...term, text, fields: [...term.fields, ...fields] };
      case "identifier":
      case "pipeline":
        return { kind: "chain", pos: term.pos, text, node: term, fields };
      default:
        this.fail(`unexpected . after term ${JSON.stringify(term.text)}`, term.pos);
    }
  }

  private parseTerm(): Operand {
    const token = this.next();
    const text = this.source.slice(token.pos, token.end);
    const pos = token.pos;
    switch (token.type) {
      case "dot":
        return { kind: "dot", pos, text };
      case "nil":
        return { kind: "nil", pos, text };
      case "bool":
        return { kind: "bool", pos, text, value: token.value === "true" };
      case "string":
        return { kind: "string", pos, text, value: token.value };
      case "char":
        return { kind: "number", pos, text, value: BigInt(token.value.codePointAt(0) ?? 0) };
      case "number":
        return { kind: "number", pos, text, value: this.numberValue(token) };
      case "field":
        return { kind: "field", pos, text, fields: [token.value] };
      case "variable":
        if (!this.scopes.includes(token.value)) this.fail(`undefined variable: ${text}`, pos);
        return { kind: "variable", pos, text, name: token.value, fields: [] };
      case "identifier":
        if (!this.functions.has(token.value))
          this.fail(`function ${JSON.stringify(token.value)} not defined`, pos);
        return { kind: "identifier", pos, text, name: token.value };
      case "leftParen": {
        this.enter(pos);
        const pipe = this.parsePipeline("parenthesized pipeline", false);
        const close = this.expect("rightParen", "parenthesized pipeline");
        this.depth--;
        return { kind: "pipeline", pos, text: this.source.slice(pos, close.end), pipe };
      }
      default:
        this.fail(`unexpected ${describe(token)} in operand`, pos);
    }
  }

  private numberValue(token: Token): bigint | number {
    const text = token.value.replace(/_/g, "");
    const isHex = /^[+-]?0[xX]/.test(text);
    const isFloat = isHex ? /[.pP]/.test(text) : /[.eE]/.test(text);
    if (!isFloat) {
      const negative = text.startsWith("-");
      const digits = text.replace(/^[+-]/, "");
      const prefixed = /^0[oO]/.test(digits)
        ? `0o${digits.slice(2)}`
        : /^0[0-7]+$/.test(digits)
          ? `0o${digits.slice(1)}`
          : digits;
      try {
        const value = BigInt(prefixed);
        return negative ? -value : value;
      } catch {
        this.fail(`bad number syntax: ${JSON.stringify(token.value)}`, token.pos);
      }
    }
    const value = Number(text);
    if (Number.isNaN(value)) this.fail(`bad number syntax: ${JSON.stringify(token.value)}`, token.pos);
    return value;
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case "rightDelim":
      return "closing delimiter";
    case "leftDelim":
      return "opening delimiter";
    case "text":
      return "text";
    default:
      return JSON.stringify(token.value);
  }
}
