import "server-only";
import { readFileSync } from "node:fs";
import type { ConfigProblem } from "@/lib/config/sieve-config";
import { parsePreviewReport, type PreviewReport } from "@/lib/render/preview-report";

/** The demo's preview report (SIEVE_PREVIEW_REPORT); a problem line and null when unreadable. */
export function loadPreviewReport(file: string, problems: ConfigProblem[]): PreviewReport | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    problems.push({
      section: "preview",
      message: `SIEVE_PREVIEW_REPORT: ${file} cannot be read (${reason})`,
    });
    return null;
  }
  const parsed = parsePreviewReport(text);
  if (parsed.ok) return parsed.report;
  problems.push({ section: "preview", message: `SIEVE_PREVIEW_REPORT: ${file} ${parsed.error}` });
  return null;
}
