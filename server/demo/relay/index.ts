import "server-only";

export {
  startDemoRelay,
  DEMO_CLUSTER_NAME,
  DEMO_RELAY_VERSION,
  DEFAULT_MAX_QUEUED_PER_FOLLOWER,
  type DemoRelay,
  type DemoRelayOptions,
  type DemoRelayStats,
} from "./relay-server";
export { DEFAULT_RING_CAPACITY } from "./flow-ring";
export type { DemoRelayNode } from "./relay-nodes";
