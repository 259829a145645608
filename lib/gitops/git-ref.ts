// A ref of the GitOps repository a user asks about (a branch name, `refs/heads/<branch>` or a pull
// request's `refs/pull/<n>/head`), checked against `git check-ref-format`'s rules before it goes
// anywhere near git: nothing a user types can become an option, a refspec trick or a path.

export type ParsedGitRef = { ok: true; ref: string } | { ok: false; error: string };

const MAX_REF_LENGTH = 200;
// Control characters, space and the characters git forbids anywhere in a ref.
const FORBIDDEN = /[\u0000-\u0020\u007f~^:?*[\\]/;

/** The rules of `git check-ref-format` for one ref (without --allow-onelevel). */
function checkRefFormat(ref: string): string | null {
  if (FORBIDDEN.test(ref)) return "contains a space, a control character or one of ~ ^ : ? * [ \\";
  if (ref.includes("..")) return 'contains ".."';
  if (ref.includes("@{")) return 'contains "@{"';
  if (ref.endsWith(".")) return 'ends with "."';
  if (ref.startsWith("/") || ref.endsWith("/") || ref.includes("//")) return "has an empty path component";
  for (const component of ref.split("/")) {
    if (component.startsWith(".")) return 'has a component that starts with "."';
    if (component.endsWith(".lock")) return 'has a component that ends with ".lock"';
  }
  return null;
}

/**
 * The full ref name for `input`: `refs/heads/<input>` for a branch name, `refs/heads/…` and
 * `refs/pull/<n>/head` as given. Other refs under `refs/` are refused.
 */
export function parseGitRef(input: string): ParsedGitRef {
  const shown = JSON.stringify(input.slice(0, 60));
  if (input === "") return { ok: false, error: "ref: give a branch name or refs/pull/<number>/head" };
  if (input.length > MAX_REF_LENGTH)
    return { ok: false, error: `ref: longer than ${MAX_REF_LENGTH} characters` };
  if (input.startsWith("-")) return { ok: false, error: `ref ${shown}: must not start with "-"` };
  if (input.startsWith("refs/") && !input.startsWith("refs/heads/")) {
    return /^refs\/pull\/[1-9][0-9]{0,9}\/head$/.test(input)
      ? { ok: true, ref: input }
      : { ok: false, error: `ref ${shown}: only branches and refs/pull/<number>/head can be read` };
  }
  const ref = input.startsWith("refs/heads/") ? input : `refs/heads/${input}`;
  const branch = ref.slice("refs/heads/".length);
  if (branch === "" || branch === "@" || branch.startsWith("-"))
    return { ok: false, error: `ref ${shown}: not a branch name` };
  const problem = checkRefFormat(ref);
  return problem ? { ok: false, error: `ref ${shown}: not a valid git ref (${problem})` } : { ok: true, ref };
}
