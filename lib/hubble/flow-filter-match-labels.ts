// Kubernetes label-selector syntax over Cilium endpoint labels ("k8s:app=web", "reserved:world"), as
// Hubble's source_label/destination_label filters use it. A selector key may carry a source prefix
// ("k8s:app"); a key without one, or with "any:", matches labels from every source.

export interface EndpointLabel {
  source: string;
  key: string;
  value: string;
}

type Operator = "exists" | "notexists" | "in" | "notin" | "gt" | "lt";

interface Requirement {
  source: string | null;
  key: string;
  operator: Operator;
  values: string[];
}

export type LabelMatcher = (labels: readonly EndpointLabel[]) => boolean;

/** Splits "k8s:app=web" into source, key and value; a label without a source gets source "". */
export function parseEndpointLabel(label: string): EndpointLabel {
  const equals = label.indexOf("=");
  const keyPart = equals < 0 ? label : label.slice(0, equals);
  const value = equals < 0 ? "" : label.slice(equals + 1);
  const colon = keyPart.indexOf(":");
  if (colon < 0) return { source: "", key: keyPart, value };
  return { source: keyPart.slice(0, colon), key: keyPart.slice(colon + 1), value };
}

type Token =
  | { kind: "word"; text: string }
  | { kind: "op"; text: "=" | "==" | "!=" | "!" | "(" | ")" | "," | "<" | ">" };

const WORD = /^[^\s,=!()<>]+/;
const OPERATORS = ["==", "!=", "=", "!", "(", ")", ",", "<", ">"] as const;

function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let rest = selector;
  while (rest.length > 0) {
    const space = /^\s+/.exec(rest);
    if (space) {
      rest = rest.slice(space[0].length);
      continue;
    }
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (op) {
      tokens.push({ kind: "op", text: op });
      rest = rest.slice(op.length);
      continue;
    }
    const word = WORD.exec(rest);
    if (!word) throw new Error(`unexpected character in label selector "${selector}"`);
    tokens.push({ kind: "word", text: word[0] });
    rest = rest.slice(word[0].length);
  }
  return tokens;
}

const LABEL_KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function splitKey(word: string, selector: string): Pick<Requirement, "source" | "key"> {
  const colon = word.indexOf(":");
  const source = colon < 0 ? null : word.slice(0, colon);
  const key = colon < 0 ? word : word.slice(colon + 1);
  if (!LABEL_KEY.test(key) || (source !== null && !/^[a-z0-9-]+$/.test(source))) {
    throw new Error(`invalid label key "${word}" in selector "${selector}"`);
  }
  return { source: source === "any" ? null : source, key };
}

function checkValue(value: string, selector: string): string {
  if (!LABEL_VALUE.test(value)) throw new Error(`invalid label value "${value}" in selector "${selector}"`);
  return value;
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly selector: string,
  ) {}

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    if (this.tokens.length === 0) return requirements;
    for (;;) {
      requirements.push(this.requirement());
      const next = this.take();
      if (next === undefined) return requirements;
      if (next.text !== ",") this.fail(`expected "," but found "${next.text}"`);
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private take(): Token | undefined {
    const token = this.tokens[this.position];
    if (token) this.position += 1;
    return token;
  }

  private fail(reason: string): never {
    throw new Error(`invalid label selector "${this.selector}": ${reason}`);
  }

  private word(what: string): string {
    const token = this.take();
    if (token?.kind !== "word") this.fail(`expected ${what}`);
    return token.text;
  }

  private requirement(): Requirement {
    if (this.peek()?.text === "!") {
      this.take();
      return { ...splitKey(this.word("a label key"), this.selector), operator: "notexists", values: [] };
    }
    const key = splitKey(this.word("a label key"), this.selector);
    const next = this.peek();
    if (next === undefined || next.text === ",") return { ...key, operator: "exists", values: [] };
    this.take();
    switch (next.text) {
      case "=":
      case "==":
        return { ...key, operator: "in", values: [this.optionalValue()] };
      case "!=":
        return { ...key, operator: "notin", values: [this.optionalValue()] };
      case "<":
      case ">":
        return { ...key, operator: next.text === "<" ? "lt" : "gt", values: [this.integer()] };
      case "in":
      case "notin":
        return { ...key, operator: next.text, values: this.valueSet() };
      default:
        return this.fail(`unexpected "${next.text}" after key "${key.key}"`);
    }
  }

  private optionalValue(): string {
    const next = this.peek();
    if (next === undefined || next.text === ",") return "";
    return checkValue(this.word("a label value"), this.selector);
  }

  private integer(): string {
    const value = this.word("an integer");
    if (!/^-?\d+$/.test(value)) this.fail(`"${value}" is not an integer`);
    return value;
  }

  private valueSet(): string[] {
    if (this.take()?.text !== "(") this.fail(`expected "("`);
    const values: string[] = [];
    for (;;) {
      const next = this.peek();
      if (next?.text === ")" || next?.text === ",") values.push("");
      else values.push(checkValue(this.word("a label value"), this.selector));
      const separator = this.take();
      if (separator?.text === ")") break;
      if (separator?.text !== ",") this.fail(`expected "," or ")"`);
    }
    if (values.every((value) => value === "") && values.length === 1) this.fail("empty value set");
    return values;
  }
}

function matchingValues(requirement: Requirement, labels: readonly EndpointLabel[]): string[] {
  return labels
    .filter(
      (label) =>
        label.key === requirement.key && (requirement.source === null || label.source === requirement.source),
    )
    .map((label) => label.value);
}

function satisfies(requirement: Requirement, labels: readonly EndpointLabel[]): boolean {
  const values = matchingValues(requirement, labels);
  switch (requirement.operator) {
    case "exists":
      return values.length > 0;
    case "notexists":
      return values.length === 0;
    case "in":
      return values.some((value) => requirement.values.includes(value));
    case "notin":
      return !values.some((value) => requirement.values.includes(value));
    case "gt":
    case "lt": {
      const bound = Number(requirement.values[0]);
      return values.some((value) => {
        if (!/^-?\d+$/.test(value)) return false;
        return requirement.operator === "gt" ? Number(value) > bound : Number(value) < bound;
      });
    }
  }
}

/** Compiles one selector ("k8s:app=web,!reserved:world"); an empty selector selects everything. */
export function compileLabelSelector(selector: string): LabelMatcher {
  const requirements = new Parser(tokenize(selector), selector).parse();
  return (labels) => requirements.every((requirement) => satisfies(requirement, labels));
}
