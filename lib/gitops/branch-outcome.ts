// What pushing a fix did to its branch. The branch name is a digest of the change, so asking for
// the same fix again (after new drops) meets the branch Sieve pushed before.

/**
 * created: a new branch; updated: it held only Sieve's own earlier commit, replaced (force-with-lease
 * against the commit Sieve saw); unchanged: it already holds these files; kept: someone else
 * committed on it, so it was left as it is and is linked as it stands.
 */
export type BranchOutcome = "created" | "updated" | "unchanged" | "kept";

/** A sentence for the user, or null when there is nothing to say (a new branch). */
export function branchOutcomeNote(outcome: BranchOutcome, branch: string): string | null {
  switch (outcome) {
    case "created":
      return null;
    case "updated":
      return `Branch ${branch} already existed with Sieve's earlier commit: it now holds this fix.`;
    case "unchanged":
      return `Branch ${branch} already holds this change: linked as it is (an open pull request stays open).`;
    case "kept":
      return `Branch ${branch} already exists with commits not made by Sieve: left as it is and linked; check that it still holds this change.`;
  }
}
