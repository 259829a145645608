// A subset of Go's text/template, for rendering templates the way Go programs (flux-operator)
// do. Parse once with the delimiters and the names of the functions, then execute with data.
//
//   const template = parseGoTemplate(text, { delims: { left: "<<", right: ">>" }, functions });
//   const output = executeGoTemplate(template, { data, reads });
//
// Supported: text, actions, pipelines, variables ($x := / $x =), if/else if/else, with/else
// with/else, range (lists, maps, ints, nil; $i, $v; else; break/continue), comments, trim markers,
// parenthesized pipelines, field chains on functions and variables, Go's builtins, slim-sprig's
// common functions (./sprig). Not supported (a syntax error says so): define, template, block.
// Missing map keys are always errors (missingkey=error).

import type { ParsedTemplate } from "./ast";
import { GO_BUILTINS } from "./builtins";
import type { Delimiters } from "./lexer";
import { executeTemplate, type ExecuteLimits } from "./exec";
import type { FieldReads } from "./field-reads";
import type { FunctionMap } from "./functions";
import { parseTemplate } from "./parser";

export { TemplateError, FunctionError } from "./errors";
export { FieldReads } from "./field-reads";
export type { FunctionMap } from "./functions";
export { arity, asString } from "./functions";
export { SPRIG_FUNCTIONS, toJsonValue } from "./sprig";
export type { Delimiters } from "./lexer";
export type { ExecuteLimits } from "./exec";

export interface GoTemplate {
  readonly parsed: ParsedTemplate;
  readonly functions: FunctionMap;
}

export interface ParseGoTemplateOptions {
  delims?: Delimiters;
  /** Functions beside Go's builtins (which are always there). */
  functions?: FunctionMap;
  maxDepth?: number;
}

export function parseGoTemplate(source: string, options: ParseGoTemplateOptions = {}): GoTemplate {
  const functions: FunctionMap = { ...GO_BUILTINS, ...options.functions };
  const parsed = parseTemplate(source, {
    delims: options.delims,
    functions: new Set(Object.keys(functions)),
    maxDepth: options.maxDepth,
  });
  return { parsed, functions };
}

export interface ExecuteGoTemplateOptions extends ExecuteLimits {
  data?: unknown;
  /** Replaces functions of the same name for this execution (e.g. one `inputs` per input set). */
  functions?: FunctionMap;
  reads?: FieldReads | null;
}

/** Throws TemplateError (with line:column) when the execution fails. */
export function executeGoTemplate(template: GoTemplate, options: ExecuteGoTemplateOptions = {}): string {
  return executeTemplate(template.parsed, {
    ...options,
    functions: { ...template.functions, ...options.functions },
  });
}
