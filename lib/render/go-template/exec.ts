// Runs a parsed template over data with Go text/template semantics: pipelines (the previous value
// is the last argument of the next command), variables, if/else if/else, with/else with/else,
// range over lists, maps (sorted keys), ints and nil with break/continue, short-circuit and/or
// returning an operand, and missingkey=error: reading a key a map does not have fails the
// execution. The output size and the number of range iterations are bounded.
// Semantics checked against Go's text/template (exec.go, funcs.go; https://pkg.go.dev/text/template):
// `index` of a missing map key is nil even with missingkey=error; `eq` of nil and a value is false;
// printing a missing value gives "<no value>", a nil one "<nil>".

import type { Command, Operand, ParsedTemplate, Pipeline, TemplateNode } from "./ast";
import { FunctionError, TemplateError, positionAt } from "./errors";
import { FieldReads } from "./field-reads";
import type { CallContext, FunctionMap } from "./functions";
import { formatValue, goTypeName, isTrue, kindOf, sortedKeys, type GoMap } from "./values";

export interface ExecuteLimits {
  /** Most characters of output; default 1 MiB. */
  maxOutput?: number;
  /** Most range iterations over the whole execution; default 100 000. */
  maxRangeIterations?: number;
}

export interface ExecuteOptions extends ExecuteLimits {
  functions: FunctionMap;
  /** The data (dot and `$`). */
  data?: unknown;
  /** Records field reads on this object and what is reachable from it. */
  reads?: FieldReads | null;
}

const DEFAULT_MAX_OUTPUT = 1024 * 1024;
const DEFAULT_MAX_RANGE_ITERATIONS = 100_000;
/** The first command of a pipeline has no previous value to receive. */
const NO_FINAL = Symbol("no final argument");

class BreakSignal {}
class ContinueSignal {}

export function executeTemplate(template: ParsedTemplate, options: ExecuteOptions): string {
  const state = new State(template.source, options);
  state.walkList(template.nodes, options.data ?? null);
  return state.output();
}

interface Variable {
  name: string;
  value: unknown;
}

class State {
  private readonly chunks: string[] = [];
  private outputLength = 0;
  private rangeIterations = 0;
  private readonly vars: Variable[];
  private readonly maxOutput: number;
  private readonly maxRangeIterations: number;
  private readonly reads: FieldReads | null;
  private readonly functions: FunctionMap;
  private readonly ctx: CallContext;

  constructor(
    private readonly source: string,
    options: ExecuteOptions,
  ) {
    this.vars = [{ name: "", value: options.data ?? null }];
    this.maxOutput = options.maxOutput ?? DEFAULT_MAX_OUTPUT;
    this.maxRangeIterations = options.maxRangeIterations ?? DEFAULT_MAX_RANGE_ITERATIONS;
    this.reads = options.reads ?? null;
    this.functions = options.functions;
    this.ctx = { reads: this.reads };
  }

  output(): string {
    return this.chunks.join("");
  }

  private fail(
    pos: number,
    reason: string,
    details: { expression?: string; key?: string | null; code?: TemplateError["code"] } = {},
  ): never {
    throw new TemplateError(details.code ?? "exec", reason, positionAt(this.source, pos), details);
  }

  private write(text: string, pos: number): void {
    this.outputLength += text.length;
    if (this.outputLength > this.maxOutput) {
      this.fail(pos, `output exceeds ${this.maxOutput} characters`, { code: "limit" });
    }
    this.chunks.push(text);
  }

  walkList(nodes: readonly TemplateNode[], dot: unknown): void {
    for (const node of nodes) this.walk(node, dot);
  }

  private walk(node: TemplateNode, dot: unknown): void {
    switch (node.kind) {
      case "text":
        this.write(node.text, node.pos);
        return;
      case "action": {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl === null) {
          this.reads?.use(value);
          this.write(value === undefined ? "<no value>" : formatValue(value), node.pos);
        }
        return;
      }
      case "if":
      case "with":
        this.walkConditional(node, dot);
        return;
      case "range":
        this.walkRange(node, dot);
        return;
      case "break":
        throw new BreakSignal();
      case "continue":
        throw new ContinueSignal();
    }
  }

  private walkConditional(node: Extract<TemplateNode, { kind: "if" | "with" }>, dot: unknown): void {
    const mark = this.vars.length;
    try {
      for (const branch of node.branches) {
        const value = this.evalPipeline(dot, branch.pipe);
        this.reads?.test(value);
        if (isTrue(value)) {
          this.walkList(branch.body, node.kind === "with" ? value : dot);
          return;
        }
      }
      if (node.elseBody) this.walkList(node.elseBody, dot);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(node: Extract<TemplateNode, { kind: "range" }>, dot: unknown): void {
    const mark = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe, true);
      this.reads?.use(value);
      const items = this.rangeItems(value, node.pipe);
      if (items.length === 0) {
        if (node.elseBody) this.walkList(node.elseBody, dot);
        return;
      }
      const names = node.pipe.decl?.names ?? [];
      for (const [key, item] of items) {
        this.rangeIterations++;
        if (this.rangeIterations > this.maxRangeIterations) {
          this.fail(node.pos, `more than ${this.maxRangeIterations} range iterations`, { code: "limit" });
        }
        const iterationMark = this.vars.length;
        const op = node.pipe.decl?.op ?? "declare";
        const [first, second] = names;
        if (first !== undefined && second === undefined) this.setVar(op, first, item);
        if (first !== undefined && second !== undefined) {
          this.setVar(op, first, key);
          this.setVar(op, second, item);
        }
        try {
          this.walkList(node.body, item);
        } catch (signal) {
          if (signal instanceof BreakSignal) break;
          if (!(signal instanceof ContinueSignal)) throw signal;
        } finally {
          this.vars.length = iterationMark;
        }
      }
    } finally {
      this.vars.length = mark;
    }
  }

  private rangeItems(value: unknown, pipe: Pipeline): [unknown, unknown][] {
    switch (kindOf(value)) {
      case "nil":
        return [];
      case "list":
        return (value as unknown[]).map((item, i) => {
          this.reads?.enter(value, i, item);
          return [BigInt(i), item];
        });
      case "map": {
        const map = value as GoMap;
        return sortedKeys(map).map((key) => {
          this.reads?.enter(map, key, map[key]);
          return [key, map[key]];
        });
      }
      case "int": {
        const count = Number(value as bigint);
        if (count > this.maxRangeIterations) {
          this.fail(pipe.pos, `more than ${this.maxRangeIterations} range iterations`, { code: "limit" });
        }
        return Array.from({ length: Math.max(0, count) }, (_, i) => [BigInt(i), BigInt(i)]);
      }
      default:
        this.fail(pipe.pos, `range can't iterate over ${formatValue(value)}`, { expression: pipe.text });
    }
  }

  private setVar(op: "declare" | "assign", name: string, value: unknown): void {
    if (op === "declare") {
      this.vars.push({ name, value });
      return;
    }
    const variable = this.findVar(name);
    if (variable) variable.value = value;
  }

  private findVar(name: string): Variable | undefined {
    return this.vars.findLast((variable) => variable.name === name);
  }

  private lookupVar(name: string, pos: number): unknown {
    const variable = this.findVar(name);
    if (!variable) return this.fail(pos, `undefined variable: $${name}`);
    return variable.value;
  }

  private evalPipeline(dot: unknown, pipe: Pipeline, isRange = false): unknown {
    let value: unknown = NO_FINAL;
    for (const command of pipe.commands) value = this.evalCommand(dot, command, value);
    if (pipe.decl && !isRange) for (const name of pipe.decl.names) this.setVar(pipe.decl.op, name, value);
    return value;
  }

  private evalCommand(dot: unknown, command: Command, final: unknown): unknown {
    const [head, ...rest] = command.args;
    if (!head) return this.fail(command.pos, "empty command");
    if (head.kind === "identifier") return this.callFunction(dot, head, rest, final);
    if (rest.length > 0 || final !== NO_FINAL) {
      if (head.kind === "field" || head.kind === "variable" || head.kind === "chain") {
        this.fail(head.pos, `${head.text} is not a method but has arguments`, { expression: head.text });
      }
      this.fail(head.pos, `can't give argument to non-function ${head.text}`, { expression: head.text });
    }
    if (head.kind === "nil") this.fail(head.pos, "nil is not a command");
    return this.evalArg(dot, head);
  }

  private evalArg(dot: unknown, operand: Operand): unknown {
    switch (operand.kind) {
      case "dot":
        return dot;
      case "nil":
        return null;
      case "bool":
      case "number":
      case "string":
        return operand.value;
      case "identifier":
        return this.callFunction(dot, operand, [], NO_FINAL);
      case "variable":
        return this.readFields(this.lookupVar(operand.name, operand.pos), operand.fields, operand);
      case "field":
        return this.readFields(dot, operand.fields, operand);
      case "chain":
        return this.readFields(this.evalArg(dot, operand.node), operand.fields, operand);
      case "pipeline": {
        const mark = this.vars.length;
        const value = this.evalPipeline(dot, operand.pipe);
        this.vars.length = mark;
        return value;
      }
    }
  }

  private readFields(receiver: unknown, fields: readonly string[], operand: Operand): unknown {
    let value = receiver;
    for (const field of fields) {
      switch (kindOf(value)) {
        case "map": {
          const map = value as GoMap;
          if (!Object.hasOwn(map, field)) {
            this.reads?.access(map, field, undefined, false);
            this.fail(operand.pos, `map has no entry for key ${JSON.stringify(field)}`, {
              code: "missing-key",
              expression: operand.text,
              key: field,
            });
          }
          this.reads?.access(map, field, map[field]);
          value = map[field];
          break;
        }
        case "nil":
          this.fail(operand.pos, `nil pointer evaluating interface {}.${field}`, {
            expression: operand.text,
          });
        default:
          this.fail(operand.pos, `can't evaluate field ${field} in type ${goTypeName(value)}`, {
            expression: operand.text,
          });
      }
    }
    return value;
  }

  private callFunction(
    dot: unknown,
    head: Extract<Operand, { kind: "identifier" }>,
    argNodes: readonly Operand[],
    final: unknown,
  ): unknown {
    const name = head.name;
    if (name === "and" || name === "or") return this.shortCircuit(dot, head, argNodes, final);
    const fn = this.functions[name];
    if (!fn) this.fail(head.pos, `function ${JSON.stringify(name)} not defined`, { code: "syntax" });
    const args = argNodes.map((node) => this.evalArg(dot, node));
    if (final !== NO_FINAL) args.push(final);
    if (this.reads) args.forEach((arg, i) => (i === 0 && fn.keyAccess ? undefined : this.reads?.use(arg)));
    try {
      return fn(args, this.ctx);
    } catch (error) {
      if (error instanceof FunctionError) {
        const reason =
          error.message.startsWith("wrong ") || error.message.startsWith("invalid value")
            ? error.message
            : `error calling ${name}: ${error.message}`;
        this.fail(head.pos, reason, { expression: name, code: error.code, key: error.key });
      }
      throw error;
    }
  }

  /** Go ≥ 1.18: and/or evaluate their arguments lazily and return the deciding one. */
  private shortCircuit(
    dot: unknown,
    head: Extract<Operand, { kind: "identifier" }>,
    argNodes: readonly Operand[],
    final: unknown,
  ): unknown {
    const count = argNodes.length + (final === NO_FINAL ? 0 : 1);
    if (count === 0) this.fail(head.pos, `wrong number of args for ${head.name}: want at least 1 got 0`);
    const stopWhen = head.name === "or";
    let value: unknown = null;
    for (let i = 0; i < count; i++) {
      const node = argNodes[i];
      value = node ? this.evalArg(dot, node) : final;
      this.reads?.test(value);
      if (isTrue(value) === stopWhen) return value;
    }
    return value;
  }
}
