import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { loadSync, type MethodDefinition, type PackageDefinition, type Options } from "@grpc/proto-loader";

// The observer.Observer service, loaded from Sieve's proto subset at run time. Options make the
// decoded messages look like protojson: proto field names, enum names, 64-bit integers as strings,
// only the fields the sender set, and the name of the set member of each oneof.

export const PROTO_LOADER_OPTIONS: Options = {
  keepCase: true,
  enums: String,
  longs: String,
  defaults: false,
  oneofs: true,
};

const PROTO_DIR_FROM_ROOT = path.join("server", "hubble", "proto");

export type ObserverMethod =
  "GetFlows" | "GetAgentEvents" | "GetDebugEvents" | "GetNodes" | "GetNamespaces" | "ServerStatus";

const OBSERVER_METHODS: readonly ObserverMethod[] = [
  "GetFlows",
  "GetAgentEvents",
  "GetDebugEvents",
  "GetNodes",
  "GetNamespaces",
  "ServerStatus",
];

export interface ObserverProto {
  packageDefinition: PackageDefinition;
  /** The service definition, for servers (grpc.Server#addService). */
  service: Record<ObserverMethod, MethodDefinition<object, object>>;
}

let cached: ObserverProto | null = null;

/** The directory holding flow/, observer/ and relay/: the Next.js server and the tests run from the repository root. */
export function observerProtoDir(cwd: string = process.cwd()): string {
  const dir = path.resolve(cwd, PROTO_DIR_FROM_ROOT);
  if (!existsSync(path.join(dir, "observer", "observer.proto"))) {
    throw new Error(`Hubble proto files not found in ${dir}; start Sieve from its installation directory`);
  }
  return dir;
}

export function loadObserverProto(): ObserverProto {
  if (cached) return cached;
  const packageDefinition = loadSync(["observer/observer.proto"], {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [observerProtoDir()],
  });
  const service = packageDefinition["observer.Observer"] as ObserverProto["service"] | undefined;
  if (!service || OBSERVER_METHODS.some((method) => !service[method])) {
    throw new Error("observer.proto does not define the Observer service Sieve needs");
  }
  cached = { packageDefinition, service };
  return cached;
}
