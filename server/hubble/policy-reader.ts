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
// between flows that the same policies decided.

const POLICY_NAME = tagOf(POLICY.name, LENGTH_DELIMITED);
const POLICY_NAMESPACE = tagOf(POLICY.namespace, LENGTH_DELIMITED);
const POLICY_LABEL = tagOf(POLICY.labels, LENGTH_DELIMITED);

export class PolicyReader {
  private readonly names: BytesCache<string | null>;
  private readonly lists: BoundedCache<string, Flow["policies"]>;

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
  shared(lists: (string[] | null)[]): Flow["policies"] {
    const key = JSON.stringify(lists);
    let policies = this.lists.get(key);
    if (policies === undefined) {
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
