// fmt.Sprintf, fmt.Sprint and fmt.Sprintln for the template value model: the verbs templates use
// (%v %s %d %q %t %f %g %e %x %X %c %%), flags (- + 0 space), width and precision, and Go's
// markers for misuse: %!d(string=x), %!s(MISSING), %!(EXTRA int=1).

import { formatFloat, formatValue, goQuote, goTypeName, kindOf } from "./values";

const VERB = /%([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*)?)?([a-zA-Z%])/g;

export function sprintf(format: string, args: readonly unknown[]): string {
  let used = 0;
  let out = "";
  let last = 0;
  for (const match of format.matchAll(VERB)) {
    out += format.slice(last, match.index);
    last = (match.index ?? 0) + match[0].length;
    const [, flags = "", widthText, precisionText, verb = ""] = match;
    if (verb === "%") {
      out += "%";
      continue;
    }
    const width = widthText === "*" ? Number(args[used++]) : widthText ? Number(widthText) : null;
    const precision =
      precisionText === "*"
        ? Number(args[used++])
        : precisionText !== undefined
          ? Number(precisionText)
          : null;
    if (used >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[used++];
    out += pad(formatVerb(verb, arg, flags, precision), width, flags);
  }
  out += format.slice(last);
  if (used < args.length) {
    const extra = args.slice(used).map((arg) => `${goTypeName(arg)}=${formatValue(arg)}`);
    out += `%!(EXTRA ${extra.join(", ")})`;
  }
  return out;
}

function bad(verb: string, arg: unknown): string {
  if (kindOf(arg) === "nil") return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
}

function withSign(text: string, negative: boolean, flags: string): string {
  if (negative) return `-${text}`;
  if (flags.includes("+")) return `+${text}`;
  if (flags.includes(" ")) return ` ${text}`;
  return text;
}

function formatVerb(verb: string, arg: unknown, flags: string, precision: number | null): string {
  const kind = kindOf(arg);
  switch (verb) {
    case "v":
      if (kind === "float" && precision !== null) return (arg as number).toPrecision(precision);
      if (kind === "int" || kind === "float") return numberWithFlags(formatValue(arg), flags);
      return formatValue(arg);
    case "s":
      if (kind === "string")
        return precision === null ? (arg as string) : [...(arg as string)].slice(0, precision).join("");
      if (kind === "list" || kind === "map") return formatValue(arg);
      return bad(verb, arg);
    case "q":
      if (kind === "string") return goQuote(arg as string);
      if (kind === "int") return `'${String.fromCodePoint(Number(arg as bigint))}'`;
      return bad(verb, arg);
    case "d":
      if (kind === "int") return numberWithFlags((arg as bigint).toString(), flags);
      return bad(verb, arg);
    case "t":
      return kind === "bool" ? String(arg) : bad(verb, arg);
    case "c":
      return kind === "int" ? String.fromCodePoint(Number(arg as bigint)) : bad(verb, arg);
    case "x":
    case "X": {
      let text: string;
      if (kind === "int") {
        const value = arg as bigint;
        text = withSign((value < 0n ? -value : value).toString(16), value < 0n, flags);
      } else if (kind === "string") {
        text = [...new TextEncoder().encode(arg as string)]
          .map((b) => b.toString(16).padStart(2, "0"))
          .join("");
      } else return bad(verb, arg);
      return verb === "X" ? text.toUpperCase() : text;
    }
    case "f":
    case "F":
    case "e":
    case "g": {
      if (kind !== "float") return bad(verb, arg);
      const value = arg as number;
      const abs = Math.abs(value);
      let text: string;
      if (verb === "e") text = goExponent(abs.toExponential(precision ?? 6));
      else if (verb === "g")
        text = precision === null ? formatFloat(abs) : goExponent(abs.toPrecision(precision));
      else text = abs.toFixed(precision ?? 6);
      return withSign(text, value < 0 || Object.is(value, -0), flags);
    }
    default:
      return bad(verb, arg);
  }
}

function numberWithFlags(text: string, flags: string): string {
  const negative = text.startsWith("-");
  return withSign(negative ? text.slice(1) : text, negative, flags);
}

/** JavaScript writes "1e+6"; Go writes "1e+06". */
function goExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, "e$10$2");
}

function pad(text: string, width: number | null, flags: string): string {
  const length = [...text].length;
  if (width === null || length >= width) return text;
  if (flags.includes("-")) return text + " ".repeat(width - length);
  if (flags.includes("0") && /^[+-]?\d/.test(text)) {
    const sign = /^[+-]/.test(text) ? text.slice(0, 1) : "";
    return sign + "0".repeat(width - length) + text.slice(sign.length);
  }
  return " ".repeat(width - length) + text;
}

/** fmt.Sprint: a space between operands when neither side is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = "";
  args.forEach((arg, i) => {
    const isString = typeof arg === "string";
    if (i > 0 && !isString && typeof args[i - 1] !== "string") out += " ";
    out += formatValue(arg);
  });
  return out;
}

/** fmt.Sprintln: spaces between all operands and a final newline. */
export function sprintln(args: readonly unknown[]): string {
  return `${args.map(formatValue).join(" ")}\n`;
}
