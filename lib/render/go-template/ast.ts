// The parse tree of a template. Every node keeps its offset (pos) in the template text, and every
// operand its source text, so execution errors can say "3:14 at <inputs.network.profile>: …".

export type Operand =
  | { kind: "dot"; pos: number; text: string }
  | { kind: "nil"; pos: number; text: string }
  | { kind: "bool"; pos: number; text: string; value: boolean }
  | { kind: "number"; pos: number; text: string; value: bigint | number }
  | { kind: "string"; pos: number; text: string; value: string }
  /** A function name; as an argument it is called without arguments. */
  | { kind: "identifier"; pos: number; text: string; name: string }
  /** `$name.a.b` (`$` itself has name ""). */
  | { kind: "variable"; pos: number; text: string; name: string; fields: string[] }
  /** `.a.b` on dot. */
  | { kind: "field"; pos: number; text: string; fields: string[] }
  /** `inputs.a.b` or `(pipeline).a`: fields read from another operand's value. */
  | { kind: "chain"; pos: number; text: string; node: Operand; fields: string[] }
  | { kind: "pipeline"; pos: number; text: string; pipe: Pipeline };

export interface Command {
  pos: number;
  args: Operand[];
}

export interface Declaration {
  /** "declare" for `:=`, "assign" for `=`. */
  op: "declare" | "assign";
  /** Variable names without "$"; two only in `range $i, $v := …`. */
  names: string[];
}

export interface Pipeline {
  pos: number;
  text: string;
  decl: Declaration | null;
  commands: Command[];
}

export interface Branch {
  pipe: Pipeline;
  body: TemplateNode[];
}

export type TemplateNode =
  | { kind: "text"; pos: number; text: string }
  | { kind: "action"; pos: number; pipe: Pipeline }
  /** `if` with its `else if` chain; elseBody is the final `else`. */
  | { kind: "if"; pos: number; branches: Branch[]; elseBody: TemplateNode[] | null }
  /** `with` with its `else with` chain. */
  | { kind: "with"; pos: number; branches: Branch[]; elseBody: TemplateNode[] | null }
  | { kind: "range"; pos: number; pipe: Pipeline; body: TemplateNode[]; elseBody: TemplateNode[] | null }
  | { kind: "break"; pos: number }
  | { kind: "continue"; pos: number };

export interface ParsedTemplate {
  source: string;
  nodes: TemplateNode[];
}
