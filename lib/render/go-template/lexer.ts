// Splits a template into text and action tokens, as Go's text/template lexer does: configurable
// delimiters, trim markers ("<<- " eats the whitespace before, " ->>" the whitespace after),
// comments ("<</* … */>>", alone in their action), strings, raw strings, characters and numbers.

import { FunctionError } from "./errors";

export type TokenType =
  | "text"
  | "leftDelim"
  | "rightDelim"
  | "identifier"
  | "keyword"
  | "field" // .name
  | "dot" // .
  | "variable" // $ or $name
  | "string" // value already unquoted
  | "char" // value is the character
  | "number"
  | "bool"
  | "nil"
  | "pipe"
  | "leftParen"
  | "rightParen"
  | "declare" // :=
  | "assign" // =
  | "comma";

export interface Token {
  type: TokenType;
  /** Decoded value: the text, the name (without "." or "$"), the unquoted string, the number's text. */
  value: string;
  /** Offset of the token in the template text. */
  pos: number;
  /** Offset just after the token. */
  end: number;
  /** Whether whitespace separates this token from the previous one inside the action. */
  spaceBefore: boolean;
}

export interface Delimiters {
  left: string;
  right: string;
}

const KEYWORDS = new Set([
  "if",
  "else",
  "end",
  "range",
  "with",
  "define",
  "template",
  "block",
  "break",
  "continue",
]);

/** A lexing failure at an offset; the parser turns it into a TemplateError with line:column. */
export class LexError extends FunctionError {
  readonly pos: number;
  constructor(message: string, pos: number) {
    super(message, "syntax");
    this.pos = pos;
  }
}

const isSpace = (ch: string | undefined) => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isAlphaNumeric = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{Nd}_]/u.test(ch);

export function lex(source: string, delims: Delimiters): Token[] {
  const tokens: Token[] = [];
  const { left, right } = delims;
  const trimMarkerLength = 2; // "-" and one whitespace character
  let pos = 0;
  let trimNextText = false;

  const pushText = (text: string, at: number) => {
    if (text.length > 0)
      tokens.push({ type: "text", value: text, pos: at, end: at + text.length, spaceBefore: false });
  };

  while (pos < source.length || trimNextText) {
    const start = source.indexOf(left, pos);
    let text = start === -1 ? source.slice(pos) : source.slice(pos, start);
    const textPos = pos;
    let textOffset = 0;
    if (trimNextText) {
      const trimmed = text.replace(/^[ \t\r\n]+/, "");
      textOffset = text.length - trimmed.length;
      text = trimmed;
      trimNextText = false;
    }
    if (start === -1) {
      pushText(text, textPos + textOffset);
      break;
    }
    const afterLeft = start + left.length;
    const trimLeft = source[afterLeft] === "-" && isSpace(source[afterLeft + 1]);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, "");
    pushText(text, textPos + textOffset);

    let cursor = trimLeft ? afterLeft + trimMarkerLength : afterLeft;
    // Comments: the whole action is the comment.
    if (source.startsWith("/*", cursor)) {
      const close = source.indexOf("*/", cursor + 2);
      if (close === -1) throw new LexError("unclosed comment", start);
      cursor = close + 2;
      const trimRight = isSpace(source[cursor]) && source.startsWith(`-${right}`, cursor + 1);
      if (trimRight) cursor += 2;
      if (!source.startsWith(right, cursor))
        throw new LexError("comment ends before closing delimiter", start);
      pos = cursor + right.length;
      trimNextText = trimRight;
      continue;
    }

    tokens.push({ type: "leftDelim", value: left, pos: start, end: afterLeft, spaceBefore: false });
    const result = lexAction(source, cursor, right, tokens, start);
    pos = result.end;
    trimNextText = result.trimRight;
  }
  return tokens;
}

function lexAction(
  source: string,
  from: number,
  right: string,
  tokens: Token[],
  actionStart: number,
): { end: number; trimRight: boolean } {
  let pos = from;
  let spaceBefore = false;
  let parenDepth = 0;
  // Tokens are pushed once `pos` is past them, so their end is the current position.
  const pending: { type: TokenType; value: string; at: number }[] = [];
  const push = (type: TokenType, value: string, at: number) => pending.push({ type, value, at });
  const flush = () => {
    for (const item of pending.splice(0)) {
      tokens.push({ type: item.type, value: item.value, pos: item.at, end: pos, spaceBefore });
      spaceBefore = false;
    }
  };

  for (;;) {
    flush();
    if (pos >= source.length) throw new LexError("unclosed action", actionStart);
    const ch = source[pos] ?? "";
    if (isSpace(ch)) {
      if (source.startsWith(`-${right}`, pos + 1)) {
        if (parenDepth > 0) throw new LexError("unclosed left paren", pos);
        const at = pos + 2;
        tokens.push({ type: "rightDelim", value: right, pos: at, end: at + right.length, spaceBefore: true });
        return { end: pos + 2 + right.length, trimRight: true };
      }
      spaceBefore = true;
      pos++;
      continue;
    }
    if (source.startsWith(right, pos)) {
      if (parenDepth > 0) throw new LexError("unclosed left paren", pos);
      tokens.push({ type: "rightDelim", value: right, pos, end: pos + right.length, spaceBefore });
      return { end: pos + right.length, trimRight: false };
    }
    const at = pos;
    if (ch === "|") {
      push("pipe", "|", at);
      pos++;
    } else if (ch === "(") {
      parenDepth++;
      push("leftParen", "(", at);
      pos++;
    } else if (ch === ")") {
      if (parenDepth === 0) throw new LexError("unexpected right paren", at);
      parenDepth--;
      push("rightParen", ")", at);
      pos++;
    } else if (ch === ",") {
      push("comma", ",", at);
      pos++;
    } else if (ch === ":") {
      if (source[pos + 1] !== "=") throw new LexError("expected :=", at);
      push("declare", ":=", at);
      pos += 2;
    } else if (ch === "=") {
      push("assign", "=", at);
      pos++;
    } else if (ch === '"') {
      const end = scanQuoted(source, pos, '"');
      push("string", unquote(source.slice(pos + 1, end), at), at);
      pos = end + 1;
    } else if (ch === "`") {
      const end = source.indexOf("`", pos + 1);
      if (end === -1) throw new LexError("unterminated raw quoted string", at);
      push("string", source.slice(pos + 1, end).replace(/\r/g, ""), at);
      pos = end + 1;
    } else if (ch === "'") {
      const end = scanQuoted(source, pos, "'");
      const value = unquote(source.slice(pos + 1, end), at);
      if ([...value].length !== 1) throw new LexError("malformed character constant", at);
      push("char", value, at);
      pos = end + 1;
    } else if (ch === "$") {
      let end = pos + 1;
      while (isAlphaNumeric(source[end])) end++;
      push("variable", source.slice(pos + 1, end), at);
      pos = end;
    } else if (ch === ".") {
      if (/[0-9]/.test(source[pos + 1] ?? "")) {
        pos = lexNumber(source, pos, push);
        continue;
      }
      let end = pos + 1;
      while (isAlphaNumeric(source[end])) end++;
      if (end === pos + 1) push("dot", ".", at);
      else push("field", source.slice(pos + 1, end), at);
      pos = end;
    } else if (ch === "+" || ch === "-" || /[0-9]/.test(ch)) {
      pos = lexNumber(source, pos, push);
    } else if (isAlphaNumeric(ch)) {
      let end = pos;
      while (isAlphaNumeric(source[end])) end++;
      const word = source.slice(pos, end);
      if (word === "true" || word === "false") push("bool", word, at);
      else if (word === "nil") push("nil", word, at);
      else if (KEYWORDS.has(word)) push("keyword", word, at);
      else push("identifier", word, at);
      pos = end;
    } else {
      throw new LexError(`unrecognized character in action: ${JSON.stringify(ch)}`, at);
    }
  }
}

const NUMBER =
  /^[+-]?(?:0[xX][0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?\d+)?|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*)?(?:\.[\d_]*)?(?:[eE][+-]?\d+)?)/;

function lexNumber(
  source: string,
  pos: number,
  push: (type: TokenType, value: string, at: number) => void,
): number {
  const match = NUMBER.exec(source.slice(pos, pos + 400));
  const text = match?.[0] ?? "";
  if (!/[0-9]/.test(text) || isAlphaNumeric(source[pos + text.length]) || source[pos + text.length] === ".") {
    let end = pos + 1;
    while (end < source.length && !isSpace(source[end]) && !source.startsWith(">", end)) end++;
    throw new LexError(`bad number syntax: ${JSON.stringify(source.slice(pos, end))}`, pos);
  }
  push("number", text, pos);
  return pos + text.length;
}

function scanQuoted(source: string, pos: number, quote: string): number {
  let i = pos + 1;
  while (i < source.length) {
    const ch = source[i];
    if (ch === "\\") {
      i += 2;
      continue;
    }
    if (ch === "\n") break;
    if (ch === quote) return i;
    i++;
  }
  throw new LexError(quote === '"' ? "unterminated quoted string" : "unterminated character constant", pos);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\u0007",
  b: "\b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
};

function unquote(body: string, at: number): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
      continue;
    }
    const hexLength = next === "x" ? 2 : next === "u" ? 4 : next === "U" ? 8 : 0;
    if (hexLength > 0) {
      const hex = body.slice(i + 2, i + 2 + hexLength);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength)
        throw new LexError("invalid escape in string", at);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + hexLength;
      continue;
    }
    const octal = body.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(octal)) {
      out += String.fromCharCode(parseInt(octal, 8));
      i += 3;
      continue;
    }
    throw new LexError("invalid escape in string", at);
  }
  return out;
}
