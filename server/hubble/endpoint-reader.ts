import "server-only";
import type { FlowPeer } from "@/lib/flows/flow";
import { NO_STRINGS } from "@/lib/hubble/flow-shared";
import { PeerInterner, type InternedEndpoint } from "@/lib/hubble/peer-interner";
import { BytesCache } from "./bytes-cache";
import { ENDPOINT, tagOf, WORKLOAD } from "./flow-fields";
import { LENGTH_DELIMITED, VARINT, type WireReader } from "./wire-reader";

// flow.Endpoint, the source and destination of a flow. Millions of flows come from a few thousand
// endpoints, so an endpoint is recognised by its bytes and decoded only when not seen recently;
// the peer (the endpoint at the flow's address) is shared through the interner.

const ENDPOINT_IDENTITY = tagOf(ENDPOINT.identity, VARINT);
const ENDPOINT_NAMESPACE = tagOf(ENDPOINT.namespace, LENGTH_DELIMITED);
const ENDPOINT_LABEL = tagOf(ENDPOINT.labels, LENGTH_DELIMITED);
const ENDPOINT_POD = tagOf(ENDPOINT.pod_name, LENGTH_DELIMITED);
const ENDPOINT_WORKLOAD = tagOf(ENDPOINT.workloads, LENGTH_DELIMITED);
const WORKLOAD_NAME = tagOf(WORKLOAD.name, LENGTH_DELIMITED);

export class EndpointReader {
  private readonly cache: BytesCache<InternedEndpoint>;
  private emptyEndpoint: InternedEndpoint | null = null;

  constructor(
    private readonly peers: PeerInterner,
    capacity: number,
  ) {
    this.cache = new BytesCache(capacity);
  }

  /** The Endpoint message that starts at the reader's position; moves past it. */
  read(r: WireReader): InternedEndpoint {
    return this.cache.read(r, this.decode);
  }

  private readonly decode = (r: WireReader, to: number): InternedEndpoint => {
    let identity = 0;
    let namespace = "";
    let pod = "";
    let workload: string | null = null;
    const labels: string[] = [];
    while (r.pos < to) {
      const tag = r.uint32();
      switch (tag) {
        case ENDPOINT_IDENTITY:
          identity = r.uint32();
          break;
        case ENDPOINT_NAMESPACE:
          namespace = r.string();
          break;
        case ENDPOINT_LABEL:
          labels.push(r.string());
          break;
        case ENDPOINT_POD:
          pod = r.string();
          break;
        case ENDPOINT_WORKLOAD: {
          // Only the first workload names the peer's owner.
          const name = readWorkloadName(r);
          workload ??= name;
          break;
        }
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(to);
    return this.peers.endpoint(namespace || null, pod || null, workload || null, labels, identity);
  };

  /** The shared peer of a flow's endpoint (absent reads like an empty one, as in the JSON path). */
  peer(endpoint: InternedEndpoint | null, ip: string, names: string[] | null): FlowPeer {
    endpoint ??= this.emptyEndpoint ??= this.peers.endpoint(null, null, null, NO_STRINGS, 0);
    return this.peers.peer(endpoint, ip || null, names ?? NO_STRINGS);
  }
}

/** A Workload message's name. */
function readWorkloadName(r: WireReader): string {
  const to = r.delimitedEnd();
  let name = "";
  while (r.pos < to) {
    const tag = r.uint32();
    if (tag === WORKLOAD_NAME) name = r.string();
    else r.skip(tag & 7);
  }
  r.expectEnd(to);
  return name;
}
