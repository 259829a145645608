import "server-only";
import type { Flow } from "@/lib/flows/flow";
import { BoundedCache } from "@/lib/hubble/bounded-cache";
import { NO_STRINGS } from "@/lib/hubble/flow-shared";
import { policyName } from "@/lib/hubble/policy-name";
import { BytesCache } from "./bytes-cache";
import { POLICY, tagOf } from "./flow-fields";
import { LENGTH_DELIMITED, type WireReader } from "./wire-reader";

// flow.Policy, the policies that allowed or denied a flow, read as Sieve names them
// (namespace/name); a policy is recognised by its bytes, and the four lists of a flow are shared
// between flows that the same policies decided, found by a key of one character per policy.

const POLICY_NAME = tagOf(POLICY.name, LENGTH_DELIMITED);
const POLICY_NAMESPACE = tagOf(POLICY.namespace, LENGTH_DELIMITED);
const POLICY_LABEL = tagOf(POLICY.labels, LENGTH_DELIMITED);
/** Ends each of the four lists in a key; policies are numbered below it. */
const LIST_END = 0xffff;

export class PolicyReader {
  private readonly names: BytesCache<string | null>;
  private readonly lists: BoundedCache<string, Flow["policies"]>;
  /** Each policy name met, numbered; the numbering (and the lists keyed by it) starts over when full. */
  private readonly codes = new Map<string, number>();
  /** The key being built, as character codes; reused from flow to flow. */
  private readonly keyCodes: number[] = [];

  constructor(capacity: number) {
    this.names = new BytesCache(capacity);
    this.lists = new BoundedCache(capacity);
  }

  /** Adds the name of the Policy message that starts here to `names`; moves past it. */
  read(r: WireReader, names: string[] | null): string[] {
    const name = this.names.read(r, readPolicyName);
    if (name === null) return names ?? [];
    if (names === null) return [name];
    names.push(name);
    return names;
  }

  /** The policies object of flows that the same policies allowed or denied, shared. */
  shared(
    egressAllowed: string[] | null,
    ingressAllowed: string[] | null,
    egressDenied: string[] | null,
    ingressDenied: string[] | null,
  ): Flow["policies"] {
    const names =
      (egressAllowed?.length ?? 0) +
      (ingressAllowed?.length ?? 0) +
      (egressDenied?.length ?? 0) +
      (ingressDenied?.length ?? 0);
    if (this.codes.size + names >= LIST_END) {
      this.codes.clear();
      this.lists.clear();
    }
    const codes = this.keyCodes;
    codes.length = 0;
    this.addCodes(egressAllowed);
    this.addCodes(ingressAllowed);
    this.addCodes(egressDenied);
    this.addCodes(ingressDenied);
    const key = String.fromCharCode.apply(null, codes);
    let policies = this.lists.get(key);
    if (policies === undefined) {
      const lists = [egressAllowed, ingressAllowed, egressDenied, ingressDenied];
      const [egressAllowedBy, ingressAllowedBy, egressDeniedBy, ingressDeniedBy] = lists.map((list) =>
        list === null || list.length === 0
          ? (NO_STRINGS as string[])
          : (Object.freeze(list.slice()) as string[]),
      );
      policies = Object.freeze({
        egressAllowedBy: egressAllowedBy!,
        ingressAllowedBy: ingressAllowedBy!,
        egressDeniedBy: egressDeniedBy!,
        ingressDeniedBy: ingressDeniedBy!,
      });
      this.lists.set(key, policies);
    }
    return policies;
  }

  /** A list's part of the key being built: a character per policy, then LIST_END. */
  private addCodes(list: string[] | null): void {
    const codes = this.keyCodes;
    if (list !== null) for (const name of list) codes.push(this.code(name));
    codes.push(LIST_END);
  }

  /** The policy's number (`shared` keeps the numbering below LIST_END). */
  private code(name: string): number {
    let code = this.codes.get(name);
    if (code === undefined) {
      code = this.codes.size;
      this.codes.set(name, code);
    }
    return code;
  }
}

/** A Policy message's name as Sieve writes it, null for one it does not name. */
function readPolicyName(r: WireReader, to: number): string | null {
  let policy = "";
  let namespace = "";
  const labels: string[] = [];
  while (r.pos < to) {
    const tag = r.uint32();
    if (tag === POLICY_NAME) policy = r.string();
    else if (tag === POLICY_NAMESPACE) namespace = r.string();
    else if (tag === POLICY_LABEL) labels.push(r.string());
    else r.skip(tag & 7);
  }
  r.expectEnd(to);
  return policyName(policy, namespace, labels);
}
