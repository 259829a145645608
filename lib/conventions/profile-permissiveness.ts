// Which profile opens less. Profiles are ranked by what they open — the gateways they let in and the
// world ports they let out, as inferred from the profile policies' rules (or stated in a conventions
// file) — never by their names or the order they are listed in. This is the one rule the drop
// classification, the evaluator's hints, the fix proposal and the graph's colours share.

import type { Conventions, ProfileGrant } from "./conventions";

/** What a profile must open to fix a drop. */
export interface ProfileNeed {
  /** A gateway name (value of gateway.nameLabel) that must be let in. */
  gateway?: string;
  /** A port that must be open toward the world. */
  worldPort?: number;
}

function opened(grant: ProfileGrant): number {
  return grant.gatewayIngress.length + grant.worldEgressPorts.length;
}

/**
 * Negative when `a` opens less than `b`. A profile that opens a subset of another's always comes
 * first; between profiles that open as much, the one letting fewer gateways in (less exposure) does,
 * and only profiles that open exactly as much fall back to their names, so the order is stable.
 */
export function comparePermissiveness(a: ProfileGrant, b: ProfileGrant): number {
  return (
    opened(a) - opened(b) ||
    a.gatewayIngress.length - b.gatewayIngress.length ||
    (a.profile < b.profile ? -1 : a.profile > b.profile ? 1 : 0)
  );
}

/** Whether `grant` opens everything `current` opens. */
export function opensAllOf(grant: ProfileGrant, current: ProfileGrant): boolean {
  return (
    current.gatewayIngress.every((g) => grant.gatewayIngress.includes(g)) &&
    current.worldEgressPorts.every((p) => grant.worldEgressPorts.includes(p))
  );
}

function opensNeed(grant: ProfileGrant, need: ProfileNeed): boolean {
  return (
    (need.gateway === undefined || grant.gatewayIngress.includes(need.gateway)) &&
    (need.worldPort === undefined || grant.worldEgressPorts.includes(need.worldPort))
  );
}

function grantOf(conventions: Pick<Conventions, "profileGrants">, profile: string | null) {
  return conventions.profileGrants.find((g) => g.profile === profile) ?? null;
}

/**
 * Every profile, in the order it is offered to a namespace whose profile is `current` (null: none):
 * first those that keep what the current profile opens, then those that would take something away,
 * each least permissive first. The current profile itself is left out.
 */
export function profilePreference(
  conventions: Pick<Conventions, "profileGrants">,
  current: string | null,
): ProfileGrant[] {
  const currentGrant = grantOf(conventions, current);
  const keeps = (grant: ProfileGrant) => currentGrant === null || opensAllOf(grant, currentGrant);
  return conventions.profileGrants
    .filter((grant) => grant.profile !== current)
    .sort((a, b) => Number(!keeps(a)) - Number(!keeps(b)) || comparePermissiveness(a, b));
}

/**
 * The profiles a namespace whose profile is `current` may switch to, least permissive first: those
 * that keep everything the current profile opens and open what `need` asks for.
 */
export function profileChoices(
  conventions: Pick<Conventions, "profileGrants">,
  current: string | null,
  need: ProfileNeed = {},
): ProfileGrant[] {
  const currentGrant = grantOf(conventions, current);
  return profilePreference(conventions, current).filter(
    (grant) => (currentGrant === null || opensAllOf(grant, currentGrant)) && opensNeed(grant, need),
  );
}

/**
 * The conventions' profile names, least permissive first; profiles the grants do not describe come
 * last, in the order they are listed.
 */
export function profilesLeastPermissiveFirst(
  conventions: Pick<Conventions, "profiles" | "profileGrants">,
): string[] {
  const ranked = [...conventions.profileGrants].sort(comparePermissiveness).map((g) => g.profile);
  const rest = conventions.profiles.map((p) => p.name).filter((name) => !ranked.includes(name));
  return [...ranked.filter((name) => conventions.profiles.some((p) => p.name === name)), ...rest];
}
