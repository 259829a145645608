import "server-only";
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { DEFAULT_CONVENTIONS } from "@/lib/conventions/conventions";
import { conventionsFrom, type ConventionsResult } from "@/lib/conventions/conventions-config";

/** The overrides in SIEVE_CONVENTIONS_FILE (YAML or JSON); problems name the file and the field. */
export function loadConventions(file: string | undefined): ConventionsResult {
  if (!file) return { conventions: DEFAULT_CONVENTIONS, overrides: {}, problems: [] };
  let text: string;
  try {
    text = readFileSync(/* turbopackIgnore: true */ file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "file not found" : code === "EACCES" ? "permission denied" : String(error);
    return {
      conventions: DEFAULT_CONVENTIONS,
      overrides: {},
      problems: [`SIEVE_CONVENTIONS_FILE ${file}: ${why}`],
    };
  }
  const document = parseDocument(text);
  const syntax = document.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line;
    return {
      conventions: DEFAULT_CONVENTIONS,
      overrides: {},
      problems: [
        `SIEVE_CONVENTIONS_FILE ${file}${line ? `:${line}` : ""}: invalid YAML: ${syntax.message.split("\n")[0]}`,
      ],
    };
  }
  const result = conventionsFrom(document.toJS());
  return {
    conventions: result.conventions,
    overrides: result.overrides,
    problems: result.problems.map(
      (p) => `SIEVE_CONVENTIONS_FILE ${file}: ${p} (using the inferred conventions)`,
    ),
  };
}
