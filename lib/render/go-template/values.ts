// The values a template works on, modelled on what Go's text/template sees when the data comes from
// JSON (as flux-operator's inputs do: encoding/json into map[string]any):
//   nil → null (undefined is read as nil too)   bool → boolean   string → string
//   float64 → number (every number read from JSON/YAML data is a float64 in Go)
//   int → bigint (integer literals in the template, len, int, add… return Go ints)
//   []any → array   map[string]any → plain object
// Keeping int and float64 apart matters: Go's `eq 2 inputs.replicas` fails with "incompatible
// types for comparison", and `printf "%d" inputs.port` prints "%!d(float64=5432)".

export type GoMap = { readonly [key: string]: unknown };

export type GoKind = "nil" | "bool" | "int" | "float" | "string" | "list" | "map";

export function kindOf(value: unknown): GoKind {
  if (value === null || value === undefined) return "nil";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint") return "int";
  if (typeof value === "number") return "float";
  if (typeof value === "string") return "string";
  if (Array.isArray(value)) return "list";
  return "map";
}

/** Go's type name for a value, as its error messages print it. */
export function goTypeName(value: unknown): string {
  switch (kindOf(value)) {
    case "nil":
      return "<nil>";
    case "bool":
      return "bool";
    case "int":
      return "int";
    case "float":
      return "float64";
    case "string":
      return "string";
    case "list":
      return "[]interface {}";
    case "map":
      return "map[string]interface {}";
  }
}

export function isMap(value: unknown): value is GoMap {
  return kindOf(value) === "map";
}

export function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

/** text/template truthiness: false, 0, nil and empty strings, lists and maps are false. */
export function isTrue(value: unknown): boolean {
  switch (kindOf(value)) {
    case "nil":
      return false;
    case "bool":
      return value as boolean;
    case "int":
      return (value as bigint) !== 0n;
    case "float":
      return (value as number) !== 0;
    case "string":
      return (value as string).length > 0;
    case "list":
      return (value as unknown[]).length > 0;
    case "map":
      return Object.keys(value as GoMap).length > 0;
  }
}

/** Sprig's `empty` is the negation of truthiness for every kind this model has. */
export function isEmpty(value: unknown): boolean {
  return !isTrue(value);
}

/** Go's %v (and strconv 'g' shortest) for a float64: 5432 → "5432", 1e6 → "1e+06", 0.5 → "0.5". */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  // Shortest round-trip digits; fmt's %v then uses %e when the exponent is < -4 or >= 6.
  const [mantissa = "", expText = "0"] = value.toExponential().split("e");
  const exp = Number(expText);
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = value < 0 ? "-" : "";
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const expDigits = String(Math.abs(exp)).padStart(2, "0");
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${expDigits}`;
  }
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    const fracPart = digits.slice(exp + 1);
    return `${sign}${intPart}${fracPart ? `.${fracPart}` : ""}`;
  }
  return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
}

/** Go's fmt %v of a value (what `<< x >>` prints and what sprig's toString returns). */
export function formatValue(value: unknown): string {
  switch (kindOf(value)) {
    case "nil":
      return "<nil>";
    case "bool":
      return String(value);
    case "int":
      return (value as bigint).toString();
    case "float":
      return formatFloat(value as number);
    case "string":
      return value as string;
    case "list":
      return `[${(value as unknown[]).map(formatValue).join(" ")}]`;
    case "map": {
      const map = value as GoMap;
      const entries = sortedKeys(map).map((key) => `${key}:${formatValue(map[key])}`);
      return `map[${entries.join(" ")}]`;
    }
  }
}

/** Go iterates and prints maps in sorted key order. */
export function sortedKeys(map: GoMap): string[] {
  return Object.keys(map).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** strconv.Quote: Go's double-quoted string with Go escapes (what %q and sprig's quote produce). */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    switch (char) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\u0007":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u.test(char))
      out +=
        code > 0xffff
          ? `\\U${code.toString(16).padStart(8, "0")}`
          : `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}"`;
}
