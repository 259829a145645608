// A small non-cryptographic digest for flow ids: two FNV-1a passes with different offset bases
// give 64 bits, enough to tell flows apart within one time window. lib/ stays free of node:crypto.

const FNV_PRIME = 0x01000193;

function fnv1a(text: string, offsetBasis: number): number {
  let hash = offsetBasis;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** 16 hex digits, stable across processes and runtimes. */
export function digest64(text: string): string {
  const high = fnv1a(text, 0x811c9dc5);
  const low = fnv1a(text, 0x050c5d1f);
  return high.toString(16).padStart(8, "0") + low.toString(16).padStart(8, "0");
}
