import "server-only";
import { createHash } from "node:crypto";

// The demo scenario must be the same on every run and every machine: names, ids and traffic all
// derive from strings through these helpers, never from Math.random or the clock.

/** 32-bit FNV-1a of a string. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with the given probability. */
  chance(probability: number): boolean;
}

/** mulberry32, seeded from a string. */
export function seededRandom(seed: string): Random {
  let state = hash32(seed);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (probability) => next() < probability,
  };
}

/**
 * A version-4-shaped UUID derived from a string. Its 122 random bits come from SHA-256 of the seed:
 * a 32-bit seed (as seededRandom has) repeats a UUID among the hundred thousand flows a demo
 * window holds, and Hubble consumers key flows by UUID.
 */
export function stableUuid(seed: string): string {
  const bytes = createHash("sha256").update(seed).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** The random-looking suffixes Kubernetes controllers give pods, e.g. "x2k4p". */
export function stableSuffix(seed: string, length: number): string {
  const random = seededRandom(seed);
  return Array.from({ length }, () => random.pick([...NAME_ALPHABET])).join("");
}
