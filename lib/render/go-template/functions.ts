// How template functions are declared, and the argument conversions Go's reflection-based calls
// make (an `int` parameter takes a Go int, not a float64 from the data; a `string` parameter
// rejects nil), with Go's error wording.

import { FunctionError } from "./errors";
import type { FieldReads } from "./field-reads";
import { goTypeName, kindOf } from "./values";

export interface CallContext {
  /** Field-read recorder of this execution, when one is recording. */
  reads: FieldReads | null;
}

export type TemplateFunction = ((args: readonly unknown[], ctx: CallContext) => unknown) & {
  /** Reads keys of its first argument (index, get, hasKey…): record those keys, not the whole map. */
  keyAccess?: boolean;
};

export type FunctionMap = Readonly<Record<string, TemplateFunction>>;

export function keyAccessFunction(
  fn: (args: readonly unknown[], ctx: CallContext) => unknown,
): TemplateFunction {
  return Object.assign(fn, { keyAccess: true });
}

export function arity(name: string, args: readonly unknown[], min: number, max = min): void {
  if (args.length >= min && args.length <= max) return;
  const want = max === Infinity ? `at least ${min}` : String(min === max ? min : `${min}-${max}`);
  throw new FunctionError(`wrong number of args for ${name}: want ${want} got ${args.length}`);
}

function wrongType(expected: string, value: unknown): never {
  if (kindOf(value) === "nil") throw new FunctionError(`invalid value; expected ${expected}`);
  throw new FunctionError(`wrong type for value; expected ${expected}; got ${goTypeName(value)}`);
}

export function asString(value: unknown): string {
  if (typeof value === "string") return value;
  return wrongType("string", value);
}

/** A Go `int` parameter: only Go ints are accepted (not float64 data). */
export function asInt(value: unknown): number {
  if (typeof value === "bigint") return Number(value);
  return wrongType("int", value);
}
