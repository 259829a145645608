import "server-only";

export { startDemoRelay, DEMO_RELAY_VERSION, type DemoRelay } from "./relay-server";
