// Go text/template's predefined functions: and, or (evaluated lazily by the executor; listed here
// so the parser knows them), not, len, index, print, printf, println, eq, ne, lt, le, gt, ge.
// Comparisons follow Go: only basic kinds, int and float64 never compare ("incompatible types
// for comparison"), nil compares unequal to anything else, maps and lists are not comparable.

import { FunctionError } from "./errors";
import { arity, asString, keyAccessFunction, type FunctionMap, type TemplateFunction } from "./functions";
import { sprint, sprintf, sprintln } from "./printf";
import { formatValue, goTypeName, isTrue, kindOf, type GoKind, type GoMap } from "./values";

const BASIC: readonly GoKind[] = ["bool", "int", "float", "string"];

function basicEqual(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === "nil" || kb === "nil") return ka === kb;
  if (!BASIC.includes(ka) || !BASIC.includes(kb)) {
    const offender = BASIC.includes(ka) ? b : a;
    throw new FunctionError(`non-comparable type ${goTypeName(offender)}: ${formatValue(offender)}`);
  }
  if (ka !== kb)
    throw new FunctionError(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
  return a === b;
}

const eq: TemplateFunction = (args) => {
  if (args.length < 2) throw new FunctionError("missing argument for comparison");
  const [first, ...rest] = args;
  return rest.some((other) => basicEqual(first, other));
};

function ordered(name: string, test: (order: number) => boolean): TemplateFunction {
  return (args) => {
    arity(name, args, 2);
    const [a, b] = args;
    const ka = kindOf(a);
    const kb = kindOf(b);
    if (!["int", "float", "string"].includes(ka) || !["int", "float", "string"].includes(kb)) {
      throw new FunctionError("invalid type for comparison");
    }
    if (ka !== kb)
      throw new FunctionError(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
    const left = a as string | number | bigint;
    const right = b as string | number | bigint;
    return test(left < right ? -1 : left > right ? 1 : 0);
  };
}

/** Go's `len` counts the bytes of a string. */
function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export const GO_BUILTINS: FunctionMap = {
  and: () => {
    throw new FunctionError("and is evaluated by the executor");
  },
  or: () => {
    throw new FunctionError("or is evaluated by the executor");
  },
  not: (args) => {
    arity("not", args, 1);
    return !isTrue(args[0]);
  },
  len: (args) => {
    arity("len", args, 1);
    const value = args[0];
    switch (kindOf(value)) {
      case "string":
        return BigInt(byteLength(value as string));
      case "list":
        return BigInt((value as unknown[]).length);
      case "map":
        return BigInt(Object.keys(value as GoMap).length);
      case "nil":
        throw new FunctionError("len of nil pointer");
      default:
        throw new FunctionError(`len of type ${goTypeName(value)}`);
    }
  },
  index: keyAccessFunction((args, ctx) => {
    arity("index", args, 1, Infinity);
    let item = args[0];
    for (const key of args.slice(1)) {
      switch (kindOf(item)) {
        case "list": {
          if (typeof key !== "bigint")
            throw new FunctionError(`cannot index slice/array with type ${goTypeName(key)}`);
          const list = item as unknown[];
          if (key < 0n || key >= BigInt(list.length)) throw new FunctionError(`index out of range: ${key}`);
          ctx.reads?.access(list, Number(key), list[Number(key)]);
          item = list[Number(key)];
          break;
        }
        case "map": {
          const map = item as GoMap;
          const field = asString(key);
          const found = Object.hasOwn(map, field);
          ctx.reads?.access(map, field, map[field], found);
          // index returns the zero value for a missing key, even with missingkey=error.
          item = found ? map[field] : null;
          break;
        }
        case "nil":
          throw new FunctionError("index of untyped nil");
        default:
          throw new FunctionError(`can't index item of type ${goTypeName(item)}`);
      }
    }
    return item;
  }),
  print: (args) => sprint(args),
  printf: (args) => {
    arity("printf", args, 1, Infinity);
    return sprintf(asString(args[0]), args.slice(1));
  },
  println: (args) => sprintln(args),
  eq,
  ne: (args) => {
    arity("ne", args, 2);
    return !basicEqual(args[0], args[1]);
  },
  lt: ordered("lt", (o) => o < 0),
  le: ordered("le", (o) => o <= 0),
  gt: ordered("gt", (o) => o > 0),
  ge: ordered("ge", (o) => o >= 0),
};
