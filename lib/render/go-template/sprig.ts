// The slim-sprig functions ResourceSet templates use in practice (github.com/go-task/slim-sprig,
// functions.go genericMap), with its argument order made for pipelines: `inputs.x | default "a"`
// is `default "a" inputs.x`, `hasPrefix "pre" s`, `replace "old" "new" s`, `join "," list`.
// Deliberately absent: Helm's `required`, `tpl`, `include`, `toYaml` (flux-operator adds its own
// toYaml, see lib/render/resourceset-functions.ts), and anything that reads the environment.

import { FunctionError } from "./errors";
import {
  arity,
  asInt,
  asString,
  keyAccessFunction,
  type CallContext,
  type FunctionMap,
  type TemplateFunction,
} from "./functions";
import { formatValue, goQuote, isEmpty, isList, isMap, kindOf, sortedKeys, type GoMap } from "./values";

/** sprig's strval: strings as they are, everything else with %v. */
export function toStringValue(value: unknown): string {
  return typeof value === "string" ? value : formatValue(value);
}

function strings(value: unknown): string[] {
  if (isList(value)) return value.filter((v) => v !== null && v !== undefined).map(toStringValue);
  if (kindOf(value) === "nil") return [];
  return [toStringValue(value)];
}

function stringFn(name: string, fn: (text: string) => string): TemplateFunction {
  return (args) => {
    arity(name, args, 1);
    return fn(asString(args[0]));
  };
}

function stringPairFn(name: string, fn: (a: string, b: string) => unknown): TemplateFunction {
  return (args) => {
    arity(name, args, 2);
    return fn(asString(args[0]), asString(args[1]));
  };
}

/** sprig's toInt64/toFloat64 via cast: numbers and numeric strings convert, anything else is 0. */
function toNumber(value: unknown): number {
  switch (kindOf(value)) {
    case "int":
      return Number(value as bigint);
    case "float":
      return value as number;
    case "bool":
      return value ? 1 : 0;
    case "string": {
      const parsed = Number((value as string).trim());
      return (value as string).trim() !== "" && Number.isFinite(parsed) ? parsed : 0;
    }
    default:
      return 0;
  }
}

const toInt = (value: unknown): bigint => BigInt(Math.trunc(toNumber(value)));

function indent(spaces: number, text: string): string {
  const pad = " ".repeat(Math.max(0, spaces));
  return pad + text.replaceAll("\n", `\n${pad}`);
}

function title(text: string): string {
  return text.replace(
    /(^|[^\p{L}\p{N}_'])(\p{L})/gu,
    (_, before: string, letter: string) => before + letter.toUpperCase(),
  );
}

function arithmetic(name: string, fn: (a: bigint, b: bigint) => bigint): TemplateFunction {
  return (args) => {
    arity(name, args, 2);
    const b = toInt(args[1]);
    if ((name === "div" || name === "mod") && b === 0n)
      throw new FunctionError("runtime error: integer divide by zero");
    return fn(toInt(args[0]), b);
  };
}

export const SPRIG_FUNCTIONS: FunctionMap = {
  // Strings
  trim: stringFn("trim", (s) => s.trim()),
  upper: stringFn("upper", (s) => s.toUpperCase()),
  lower: stringFn("lower", (s) => s.toLowerCase()),
  title: stringFn("title", title),
  trimAll: stringPairFn("trimAll", (cut, s) => trimChars(s, cut)),
  trimPrefix: stringPairFn("trimPrefix", (prefix, s) => (s.startsWith(prefix) ? s.slice(prefix.length) : s)),
  trimSuffix: stringPairFn("trimSuffix", (suffix, s) =>
    suffix !== "" && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s,
  ),
  contains: stringPairFn("contains", (sub, s) => s.includes(sub)),
  hasPrefix: stringPairFn("hasPrefix", (prefix, s) => s.startsWith(prefix)),
  hasSuffix: stringPairFn("hasSuffix", (suffix, s) => s.endsWith(suffix)),
  quote: (args) =>
    args
      .filter((a) => kindOf(a) !== "nil")
      .map((a) => goQuote(toStringValue(a)))
      .join(" "),
  squote: (args) =>
    args
      .filter((a) => kindOf(a) !== "nil")
      .map((a) => `'${formatValue(a)}'`)
      .join(" "),
  cat: (args) =>
    args
      .filter((a) => kindOf(a) !== "nil")
      .map(formatValue)
      .join(" "),
  indent: (args) => {
    arity("indent", args, 2);
    return indent(asInt(args[0]), asString(args[1]));
  },
  nindent: (args) => {
    arity("nindent", args, 2);
    return `\n${indent(asInt(args[0]), asString(args[1]))}`;
  },
  replace: (args) => {
    arity("replace", args, 3);
    return asString(args[2]).replaceAll(asString(args[0]), asString(args[1]));
  },
  repeat: (args) => {
    arity("repeat", args, 2);
    const count = asInt(args[0]);
    if (count < 0) throw new FunctionError("strings: negative Repeat count");
    return asString(args[1]).repeat(count);
  },
  trunc: (args) => {
    arity("trunc", args, 2);
    const length = asInt(args[0]);
    const text = asString(args[1]);
    if (length < 0) return text.length + length < 0 ? text : text.slice(text.length + length);
    return text.slice(0, length);
  },
  toString: (args: readonly unknown[]) => {
    arity("toString", args, 1);
    return toStringValue(args[0]);
  },
  join: (args) => {
    arity("join", args, 2);
    return strings(args[1]).join(asString(args[0]));
  },
  splitList: stringPairFn("splitList", (sep, s) => s.split(sep)),
  // Defaults and flow
  default: (args) => {
    arity("default", args, 1, 2);
    return args.length < 2 || isEmpty(args[1]) ? args[0] : args[1];
  },
  empty: (args) => {
    arity("empty", args, 1);
    return isEmpty(args[0]);
  },
  coalesce: (args) => args.find((a) => !isEmpty(a)) ?? null,
  ternary: (args) => {
    arity("ternary", args, 3);
    if (typeof args[2] !== "boolean")
      throw new FunctionError(`wrong type for value; expected bool; got ${kindOf(args[2])}`);
    return args[2] ? args[0] : args[1];
  },
  fail: (args) => {
    arity("fail", args, 1);
    throw new FunctionError(asString(args[0]));
  },
  toJson: (args) => {
    arity("toJson", args, 1);
    return JSON.stringify(toJsonValue(args[0]));
  },
  // Numbers
  int: (args) => (arity("int", args, 1), toInt(args[0])),
  int64: (args) => (arity("int64", args, 1), toInt(args[0])),
  float64: (args) => (arity("float64", args, 1), toNumber(args[0])),
  atoi: (args) => {
    arity("atoi", args, 1);
    const text = asString(args[0]);
    return /^[+-]?\d+$/.test(text) ? BigInt(text) : 0n;
  },
  add: (args) => args.reduce<bigint>((sum, a) => sum + toInt(a), 0n),
  add1: (args) => (arity("add1", args, 1), toInt(args[0]) + 1n),
  sub: arithmetic("sub", (a, b) => a - b),
  mul: (args) => (
    arity("mul", args, 1, Infinity),
    args.slice(1).reduce<bigint>((p, a) => p * toInt(a), toInt(args[0]))
  ),
  div: arithmetic("div", (a, b) => a / b),
  mod: arithmetic("mod", (a, b) => a % b),
  max: (args) => (arity("max", args, 1, Infinity), args.map(toInt).reduce((m, v) => (v > m ? v : m))),
  min: (args) => (arity("min", args, 1, Infinity), args.map(toInt).reduce((m, v) => (v < m ? v : m))),
  // Lists and dicts
  list: (args) => [...args],
  first: (args) => (arity("first", args, 1), listOf("first", args[0])[0] ?? null),
  last: (args) => (arity("last", args, 1), listOf("last", args[0]).at(-1) ?? null),
  has: (args) => {
    arity("has", args, 2);
    return listOf("has", args[1]).some((item) => kindOf(item) === kindOf(args[0]) && item === args[0]);
  },
  dict: (args) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < args.length; i += 2)
      out[toStringValue(args[i])] = i + 1 < args.length ? args[i + 1] : "";
    return out;
  },
  get: keyAccessFunction((args, ctx) => {
    const { value, found } = readKey("get", args, ctx);
    return found ? value : "";
  }),
  hasKey: keyAccessFunction((args, ctx) => readKey("hasKey", args, ctx).found),
  dig: keyAccessFunction((args, ctx) => {
    arity("dig", args, 3, Infinity);
    const keys = args.slice(0, -2).map(asString);
    const fallback = args[args.length - 2];
    let item: unknown = mapOf("dig", args[args.length - 1]);
    for (const key of keys) {
      if (!isMap(item)) return fallback;
      const found = Object.hasOwn(item, key);
      ctx.reads?.access(item, key, item[key], found);
      if (!found) return fallback;
      item = item[key];
    }
    return item;
  }),
  keys: (args) => args.flatMap((a) => sortedKeys(mapOf("keys", a))),
  // Encoding
  b64enc: stringFn("b64enc", (s) => bytesToBase64(new TextEncoder().encode(s))),
};

function trimChars(text: string, cut: string): string {
  const chars = new Set(cut);
  const list = [...text];
  let start = 0;
  let end = list.length;
  while (start < end && chars.has(list[start] ?? "")) start++;
  while (end > start && chars.has(list[end - 1] ?? "")) end--;
  return list.slice(start, end).join("");
}

function listOf(name: string, value: unknown): readonly unknown[] {
  if (isList(value)) return value;
  throw new FunctionError(`Cannot find ${name} on type ${kindOf(value)}`);
}

/** The value at `key` of the map a two-argument call names (map, key), with the read recorded. */
function readKey(
  name: string,
  args: readonly unknown[],
  ctx: CallContext,
): { value: unknown; found: boolean } {
  arity(name, args, 2);
  const map = mapOf(name, args[0]);
  const key = asString(args[1]);
  const found = Object.hasOwn(map, key);
  ctx.reads?.access(map, key, map[key], found);
  return { value: map[key], found };
}

function mapOf(name: string, value: unknown): GoMap {
  if (isMap(value)) return value;
  throw new FunctionError(`wrong type for value; expected map[string]interface {}; got ${kindOf(value)}`);
}

/** Go ints and float64s both become JSON numbers. */
export function toJsonValue(value: unknown): unknown {
  switch (kindOf(value)) {
    case "int":
      return Number(value as bigint);
    case "list":
      return (value as unknown[]).map(toJsonValue);
    case "map": {
      const map = value as GoMap;
      return Object.fromEntries(sortedKeys(map).map((k) => [k, toJsonValue(map[k])]));
    }
    case "nil":
      return null;
    default:
      return value;
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
