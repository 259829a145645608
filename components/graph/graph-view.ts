// What the graph component draws: plain data, built from the graph API's answer.

export type GraphNodeKind =
  "namespace" | "world" | "kube-apiserver" | "host" | "remote-node" | "health" | "ingress" | "unknown";

export interface GraphNodeView {
  id: string;
  label: string;
  kind: GraphNodeKind;
  /** For namespaces: platform or application; null for special peers. */
  namespaceKind: "platform" | "application" | null;
  profile: string | null;
  accessLabels: string[];
  enforcementDisabled: boolean;
  dropped: number;
  forwarded: number;
}

export interface GraphEdgeView {
  id: string;
  source: string;
  target: string;
  /** e.g. "5432/TCP". */
  label: string;
  dropped: number;
  forwarded: number;
}
