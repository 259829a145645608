import { describe, expect, it } from "vitest";
import { edgeId, isEdgeId, isNamespaceName, isNodeId, namespaceNodeId } from "./graph-ids";

describe("graph ids", () => {
  it("builds edge ids that validate", () => {
    const id = edgeId(namespaceNodeId("app"), namespaceNodeId("database"), "TCP", 5432, "egress");
    expect(id).toBe("ns:app>ns:database:tcp:5432:egress");
    expect(isEdgeId(id)).toBe(true);
    expect(isEdgeId(edgeId("world", namespaceNodeId("app"), null, "none", "ingress"))).toBe(true);
    expect(isEdgeId(edgeId("ns:a", "other-namespaces", "UDP", "other", "unknown"))).toBe(true);
  });

  it("rejects ids outside the grammar", () => {
    expect(isEdgeId("ns:app>ns:database:tcp:70000:egress")).toBe(false);
    expect(isEdgeId("ns:app>ns:<script>:tcp:1:egress")).toBe(false);
    expect(isEdgeId("ns:app>ns:db:tcp:1:sideways")).toBe(false);
    expect(isNodeId("ns:Upper")).toBe(false);
    expect(isNodeId("planet")).toBe(false);
    expect(isNodeId("world")).toBe(true);
    expect(isNodeId("ns:kube-system")).toBe(true);
  });

  it("knows a namespace name", () => {
    expect(isNamespaceName("paperless-ngx")).toBe(true);
    expect(isNamespaceName("-bad")).toBe(false);
    expect(isNamespaceName("a".repeat(64))).toBe(false);
    expect(isNamespaceName("<script>alert(1)</script>")).toBe(false);
  });
});
