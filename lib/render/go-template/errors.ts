// Template errors say where they happened (1-based line:column in the template text) and what
// kind of failure it was, so callers can word a problem ("missing key profile") without parsing
// the message.

export type TemplateErrorCode =
  | "syntax" // the template does not parse (unclosed action, unexpected token, unknown function…)
  | "missing-key" // a map field that does not exist (missingkey=error)
  | "exec" // any other execution failure (type mismatch, wrong argument count, function error…)
  | "limit"; // the output or the iteration budget was exceeded

export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in characters. */
  column: number;
}

export function positionAt(source: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, source.length);
  for (let i = 0; i < end; i++) {
    if (source[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

export class TemplateError extends Error {
  readonly code: TemplateErrorCode;
  readonly position: SourcePosition;
  /** The failing expression as written, e.g. "inputs.network.profile", when there is one. */
  readonly expression: string | null;
  /** For "missing-key": the key that was missing. */
  readonly key: string | null;
  /** The message without position, e.g. `map has no entry for key "profile"`. */
  readonly reason: string;

  constructor(
    code: TemplateErrorCode,
    reason: string,
    position: SourcePosition,
    details: { expression?: string | null; key?: string | null } = {},
  ) {
    const at = details.expression ? ` at <${details.expression}>` : "";
    super(`${position.line}:${position.column}${at}: ${reason}`);
    this.name = "TemplateError";
    this.code = code;
    this.reason = reason;
    this.position = position;
    this.expression = details.expression ?? null;
    this.key = details.key ?? null;
  }
}

/** Thrown by template functions; the executor turns it into a TemplateError at the call's position. */
export class FunctionError extends Error {
  readonly code: TemplateErrorCode;
  readonly key: string | null;

  constructor(message: string, code: TemplateErrorCode = "exec", key: string | null = null) {
    super(message);
    this.name = "FunctionError";
    this.code = code;
    this.key = key;
  }
}
