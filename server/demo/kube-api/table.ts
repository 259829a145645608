import "server-only";
import type { KindInfo } from "@/lib/kube/kinds";
import type {
  CiliumClusterwideNetworkPolicy,
  CiliumNetworkPolicy,
  KubeObject,
  LabelSelector,
  Namespace,
  NetworkPolicy,
  Pod,
} from "@/lib/kube/types";
import { humanAge } from "./human-age";

export type TableVersion = "v1" | "v1beta1";

interface Column {
  name: string;
  type: "string" | "integer";
  format: string;
  description: string;
  priority: number;
  cell: (object: KubeObject, now: number) => string | number;
}

/** The version of meta.k8s.io Table the Accept header asks for (kubectl get does), or null for plain JSON. */
export function requestedTable(accept: string | undefined): TableVersion | null {
  for (const mediaType of (accept ?? "").split(",")) {
    const [type, ...parameters] = mediaType.split(";").map((part) => part.trim());
    if (type !== "application/json") continue;
    const params = Object.fromEntries(
      parameters.map((p) => p.split("=").map((s) => s.trim()) as [string, string]),
    );
    if (params.as === undefined) return null;
    if (
      params.as === "Table" &&
      params.g === "meta.k8s.io" &&
      (params.v === "v1" || params.v === "v1beta1")
    ) {
      return params.v;
    }
  }
  return null;
}

function selectorText(selector: LabelSelector | undefined): string {
  const parts = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`),
    ...(selector?.matchExpressions ?? []).map((e) =>
      e.operator === "Exists"
        ? e.key
        : e.operator === "DoesNotExist"
          ? `!${e.key}`
          : `${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(",")})`,
    ),
  ];
  return parts.length > 0 ? parts.join(",") : "<none>";
}

const name: Column = {
  name: "Name",
  type: "string",
  format: "name",
  description: "Name must be unique within a namespace.",
  priority: 0,
  cell: (object) => object.metadata.name,
};

const age: Column = {
  name: "Age",
  type: "string",
  format: "",
  description: "CreationTimestamp is the time the object was created.",
  priority: 0,
  cell: (object, now) => {
    const created = Date.parse(object.metadata.creationTimestamp ?? "");
    return Number.isNaN(created) ? "<unknown>" : humanAge(now - created);
  },
};

function column(
  title: string,
  description: string,
  cell: Column["cell"],
  options: { priority?: number; type?: Column["type"] } = {},
): Column {
  return {
    name: title,
    type: options.type ?? "string",
    format: "",
    description,
    priority: options.priority ?? 0,
    cell,
  };
}

function podReady(pod: Pod): string {
  const containers = pod.spec?.containers?.length ?? 0;
  return `${pod.status?.phase === "Running" ? containers : 0}/${containers}`;
}

function policySelector(policy: CiliumNetworkPolicy | CiliumClusterwideNetworkPolicy): string {
  const rules = policy.specs ?? (policy.spec ? [policy.spec] : []);
  const selectors = rules.map((rule) =>
    rule.nodeSelector ? `node:${selectorText(rule.nodeSelector)}` : selectorText(rule.endpointSelector),
  );
  return selectors.length > 0 ? selectors.join(" | ") : "<none>";
}

const COLUMNS: Record<string, Column[]> = {
  namespaces: [
    name,
    column("Status", "The phase of the namespace.", (o) => (o as Namespace).status?.phase ?? "Active"),
    age,
  ],
  pods: [
    name,
    column("Ready", "Ready containers out of all containers.", (o) => podReady(o as Pod)),
    column("Status", "The phase of the pod.", (o) => (o as Pod).status?.phase ?? "Pending"),
    column("Restarts", "Container restarts.", () => 0, { type: "integer" }),
    age,
    column("IP", "The pod's IP address.", (o) => (o as Pod).status?.podIP ?? "<none>", { priority: 1 }),
    column("Node", "The node the pod runs on.", (o) => (o as Pod).spec?.nodeName ?? "<none>", {
      priority: 1,
    }),
  ],
  networkpolicies: [
    name,
    column("Pod-Selector", "The pods the policy applies to.", (o) =>
      selectorText((o as NetworkPolicy).spec?.podSelector),
    ),
    age,
  ],
  ciliumnetworkpolicies: [
    name,
    column("Selector", "The endpoints the policy applies to.", (o) =>
      policySelector(o as CiliumNetworkPolicy),
    ),
    age,
  ],
  ciliumclusterwidenetworkpolicies: [
    name,
    column("Selector", "The endpoints or nodes the policy applies to.", (o) =>
      policySelector(o as CiliumClusterwideNetworkPolicy),
    ),
    age,
  ],
};

export type IncludeObject = "None" | "Metadata" | "Object";

export interface TableOptions {
  version: TableVersion;
  now: number;
  includeObject: IncludeObject;
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

function rowObject(object: KubeObject, options: TableOptions): KubeObject | undefined {
  if (options.includeObject === "None") return undefined;
  if (options.includeObject === "Object") return object;
  return {
    kind: "PartialObjectMetadata",
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: object.metadata,
  };
}

/** The meta.k8s.io Table kubectl prints from: its columns, then one row per object. */
export function renderTable(info: KindInfo, objects: readonly KubeObject[], options: TableOptions) {
  const columns = COLUMNS[info.kind] ?? [name, age];
  return {
    kind: "Table",
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: {
      resourceVersion: options.resourceVersion,
      continue: options.continueToken,
      remainingItemCount: options.remainingItemCount,
    },
    columnDefinitions: columns.map(({ name, type, format, description, priority }) => ({
      name,
      type,
      format,
      description,
      priority,
    })),
    rows: objects.map((object) => ({
      cells: columns.map((c) => c.cell(object, options.now)),
      object: rowObject(object, options),
    })),
  };
}
