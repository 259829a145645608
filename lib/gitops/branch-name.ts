// Git branch names for Sieve's fix branches, built from untrusted namespace and label names. The
// result always passes `git check-ref-format --branch`, and a short hash of the change keeps two
// different fixes for the same namespace apart.

import { canonicalJson } from "./canonical-json";
import type { GitOpsChange } from "./change";

const MAX_SLUG = 48;

/** FNV-1a (32 bit) as 8 hex digits: stable across runs and runtimes, no crypto needed. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** Lower-case words of [a-z0-9] joined by single dashes, at most `max` characters. */
export function slug(text: string, max = MAX_SLUG): string {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return words.slice(0, max).replace(/-+$/, "");
}

/** The rules of `git check-ref-format --branch` that matter for names Sieve makes, and a length cap. */
export function isSafeBranchName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 100 &&
    /^[A-Za-z0-9._/-]+$/.test(name) &&
    !name.startsWith("-") &&
    !name.startsWith("/") &&
    !name.endsWith("/") &&
    !name.endsWith(".") &&
    !name.includes("..") &&
    !name.includes("//") &&
    !name.includes("@{") &&
    name.split("/").every((part) => part !== "" && !part.startsWith(".") && !part.endsWith(".lock"))
  );
}

function summary(change: GitOpsChange): string {
  switch (change.type) {
    case "set-namespace-labels": {
      const set = Object.entries(change.set)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, value]) => {
          const name = key.slice(key.lastIndexOf("/") + 1);
          return value === "true" ? name : `${name}-${value}`;
        });
      const removed = [...change.remove].sort().map((key) => `no-${key.slice(key.lastIndexOf("/") + 1)}`);
      return [...set, ...removed].join("-") || "labels";
    }
    case "add-platform-cnp":
      return "platform-cnp";
    case "add-cnp-rules":
      return "cnp-rules";
  }
}

/** e.g. `sieve/fix-paperless-postgres-3f2a1c`. */
export function branchName(changes: GitOpsChange | readonly GitOpsChange[], prefix = "sieve/fix-"): string {
  const list: readonly GitOpsChange[] = Array.isArray(changes) ? changes : [changes as GitOpsChange];
  const namespaces = [...new Set(list.map((change) => change.namespace))];
  const words = slug(`${namespaces.join("-")}-${list.map(summary).join("-")}`) || "change";
  // Sorted keys: the hash does not depend on key order.
  const hash = shortHash(canonicalJson(list)).slice(0, 6);
  const safePrefix =
    prefix
      .replace(/[^a-z0-9/-]/g, "")
      .replace(/\/{2,}/g, "/")
      .replace(/^[-/]+/, "") || "sieve/fix-";
  const name = `${safePrefix}${words}-${hash}`;
  return isSafeBranchName(name) ? name : `sieve/fix-${hash}`;
}
