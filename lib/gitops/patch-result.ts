/** The outcome of patching one file: the new text, or why it could not be patched. */
export type PatchResult = { ok: true; content: string; changed: boolean } | { ok: false; error: string };
