// Test helpers shared by the GitOps tests: what a diff changed, and which comments a file has.

/** The `-`/`+` lines of a unified diff, headers excluded. */
export function changedLines(diff: string): string[] {
  return diff.split("\n").filter((line) => /^[-+]/.test(line) && !/^(---|\+\+\+) /.test(line));
}

/** Every comment in a YAML text (from its `#`), for "keeps every comment" checks. */
export function comments(text: string): string[] {
  return text
    .split("\n")
    .map((line) => /(^|\s)(#.*)$/.exec(line)?.[2])
    .filter((comment): comment is string => comment !== undefined);
}
