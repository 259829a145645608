import cytoscape, { type Core } from "cytoscape";
import { describe, expect, it } from "vitest";
import { edgeElement, nodeElement } from "./graph-elements";
import {
  DROPPED_COLOR,
  FADED_OPACITY,
  FORWARDED_COLOR,
  graphStylesheet,
  RECOVERED_COLOR,
  RECOVERY_UNKNOWN_COLOR,
  RECOVERY_UNKNOWN_DASH,
  SUBDUED_OPACITY,
  THEME_COLORS,
  WOULD_DROP_COLOR,
  type GraphTheme,
} from "./graph-style";
import { testDrawingEdge, testDrawingNode } from "./testing/drawing-builders";

// The style sheet on a headless cytoscape: which rule wins for which element and class, read back
// as cytoscape computes it.

const nodes = [
  testDrawingNode("app"),
  testDrawingNode("db", { dropped: 2 }),
  testDrawingNode("kube-system", { namespaceKind: "platform" }),
  testDrawingNode("world", { kind: "world", namespace: null, namespaceKind: null }),
  testDrawingNode("hatch", { enforcementDisabled: true }),
];
const edges = [
  testDrawingEdge("drop", "app", "db", { label: "5432/TCP", dropped: 2, forwarded: 5 }),
  testDrawingEdge("fwd", "app", "world"),
  testDrawingEdge("audit", "app", "kube-system", { audited: 3, forwarded: 0 }),
  testDrawingEdge("would", "hatch", "db", { wouldDrop: 4 }),
  testDrawingEdge("would-and-drop", "hatch", "world", { wouldDrop: 4, dropped: 1 }),
  testDrawingEdge("recovered", "db", "app", { dropped: 3, recoveredSince: 1_000 }),
  testDrawingEdge("unknown", "db", "world", { dropped: 3, recoveryUnknownAfter: 1_000 }),
  testDrawingEdge("unknown-audit", "kube-system", "db", { audited: 2, recoveryUnknownAfter: 1_000 }),
];

function drawn({
  theme = "light",
  large = false,
  renderer = "canvas",
}: { theme?: GraphTheme; large?: boolean; renderer?: "canvas" | "webgl" } = {}): Core {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: graphStylesheet({ theme, large, renderer }),
  });
  cy.add([...nodes.map((n, i) => nodeElement(n, { x: i * 100, y: 0 })), ...edges.map(edgeElement)]);
  return cy;
}

function rgb(hex: string): string {
  return `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(",")})`;
}
const style = (cy: Core, id: string, property: string) =>
  String(cy.getElementById(id).style(property)).replace(/\s/g, "");
const opacity = (cy: Core, id: string) => Number(cy.getElementById(id).style("opacity"));

describe("edge styles", () => {
  it("draws a dropping edge red, solid, opaque and above the others", () => {
    const cy = drawn();
    expect(style(cy, "drop", "line-color")).toBe(rgb(DROPPED_COLOR));
    expect(style(cy, "drop", "target-arrow-color")).toBe(rgb(DROPPED_COLOR));
    expect(style(cy, "drop", "line-style")).toBe("solid");
    expect(opacity(cy, "drop")).toBe(0.95);
    expect(Number(cy.getElementById("drop").style("z-index"))).toBeGreaterThan(
      Number(cy.getElementById("fwd").style("z-index")),
    );
  });

  it("draws a forwarded edge green and translucent", () => {
    const cy = drawn();
    expect(style(cy, "fwd", "line-color")).toBe(rgb(FORWARDED_COLOR));
    expect(opacity(cy, "fwd")).toBe(0.35);
  });

  it("draws an audited edge as a would-be drop: its colour, dashed, as opaque", () => {
    const cy = drawn();
    expect(style(cy, "audit", "line-color")).toBe(rgb(WOULD_DROP_COLOR));
    expect(style(cy, "audit", "line-style")).toBe("dashed");
    expect(opacity(cy, "audit")).toBe(0.95);
  });

  it("dashes an edge that would drop once enforcement is back, unless it drops already", () => {
    const cy = drawn();
    expect(style(cy, "would", "line-color")).toBe(rgb(WOULD_DROP_COLOR));
    expect(style(cy, "would", "line-style")).toBe("dashed");
    expect(opacity(cy, "would")).toBe(0.95);
    expect(style(cy, "would-and-drop", "line-style")).toBe("solid");
    expect(style(cy, "would-and-drop", "line-color")).toBe(rgb(DROPPED_COLOR));
  });

  it("draws an edge whose recovery is unknown apart from dropping, recovered and would-drop ones", () => {
    const cy = drawn();
    const look = (id: string) =>
      [style(cy, id, "line-color"), style(cy, id, "line-style"), style(cy, id, "line-dash-pattern")].join(
        " ",
      );
    expect(style(cy, "unknown", "line-color")).toBe(rgb(RECOVERY_UNKNOWN_COLOR));
    expect(style(cy, "unknown", "target-arrow-color")).toBe(rgb(RECOVERY_UNKNOWN_COLOR));
    expect(style(cy, "unknown", "line-style")).toBe("dashed");
    expect(cy.getElementById("unknown").style("line-dash-pattern")).toBe(RECOVERY_UNKNOWN_DASH.join(" "));
    expect(opacity(cy, "unknown")).toBe(0.95);
    // Audited flows select the would-drop rule too; the unknown recovery still wins.
    expect(look("unknown-audit")).toBe(look("unknown"));
    const others = ["drop", "recovered", "would"].map(look);
    expect(new Set([look("unknown"), ...others]).size).toBe(4);
    expect(style(cy, "recovered", "line-color")).toBe(rgb(RECOVERED_COLOR));
    // Live drops stay on top of it.
    expect(Number(cy.getElementById("unknown").style("z-index"))).toBeLessThan(
      Number(cy.getElementById("drop").style("z-index")),
    );
  });

  it("widens an edge with its flows", () => {
    const cy = drawn();
    const width = (id: string) => parseFloat(String(cy.getElementById(id).style("width")));
    cy.getElementById("fwd").data("width", 8);
    expect(width("fwd")).toBe(8);
    expect(width("drop")).toBeLessThan(8);
  });

  it("labels an edge only while it is selected or hovered", () => {
    const cy = drawn();
    expect(cy.getElementById("drop").style("label")).toBe("");
    cy.getElementById("drop").select();
    expect(cy.getElementById("drop").style("label")).toBe("5432/TCP");
    expect(opacity(cy, "drop")).toBe(1);
    cy.getElementById("fwd").addClass("hovered");
    expect(cy.getElementById("fwd").style("label")).toBe("443/TCP");
  });

  it("draws edges as centre-to-centre lines with the arrow midway in a large graph, curved with an end arrow otherwise", () => {
    const small = drawn().getElementById("drop");
    expect(small.style("curve-style")).toBe("bezier");
    expect(small.style("target-arrow-shape")).toBe("triangle");
    expect(small.style("mid-target-arrow-shape")).toBe("none");
    const large = drawn({ large: true }).getElementById("drop");
    expect(large.style("curve-style")).toBe("haystack");
    expect(large.style("target-arrow-shape")).toBe("none");
    expect(large.style("mid-target-arrow-shape")).toBe("triangle");
    expect(large.style("mid-target-arrow-color")).toBe(rgb(DROPPED_COLOR));
  });

  it("keeps straight edges with their end arrow in a large graph drawn by WebGL, which draws no middle arrow", () => {
    const edge = drawn({ large: true, renderer: "webgl" }).getElementById("drop");
    expect(edge.style("curve-style")).toBe("straight");
    expect(edge.style("target-arrow-shape")).toBe("triangle");
    expect(edge.style("mid-target-arrow-shape")).toBe("none");
  });

  it("leaves the arrowhead off a subdued edge of a large graph, where it is barely seen", () => {
    const cy = drawn({ large: true });
    cy.getElementById("fwd").addClass("subdued");
    cy.add(edgeElement(testDrawingEdge("self", "app", "app"))).addClass("subdued");
    expect(cy.getElementById("self").style("target-arrow-shape")).toBe("none");
    expect(cy.getElementById("fwd").style("mid-target-arrow-shape")).toBe("none");
    expect(cy.getElementById("drop").style("mid-target-arrow-shape")).toBe("triangle");
    const small = drawn();
    small.getElementById("fwd").addClass("subdued");
    expect(small.getElementById("fwd").style("target-arrow-shape")).toBe("triangle");
  });

  it("keeps a namespace's traffic to itself as a loop with its arrow in a large graph", () => {
    const cy = drawn({ large: true });
    cy.add(edgeElement(testDrawingEdge("self", "db", "db", { dropped: 1 })));
    const loop = cy.getElementById("self");
    expect(loop.style("curve-style")).toBe("bezier");
    expect(loop.style("target-arrow-shape")).toBe("triangle");
    expect(loop.style("mid-target-arrow-shape")).toBe("none");
    expect(cy.getElementById("drop").style("curve-style")).toBe("haystack");
  });
});

describe("node styles", () => {
  it("shapes special peers and platform namespaces apart, and marks a disabled hatch and drops", () => {
    const cy = drawn();
    expect(cy.getElementById("app").style("shape")).toBe("ellipse");
    expect(cy.getElementById("world").style("shape")).toBe("round-diamond");
    expect(cy.getElementById("kube-system").style("shape")).toBe("round-rectangle");
    expect(style(cy, "hatch", "border-color")).toBe(rgb(DROPPED_COLOR));
    expect(cy.getElementById("hatch").style("border-style")).toBe("dashed");
    expect(style(cy, "db", "outline-color")).toBe(rgb(DROPPED_COLOR));
    expect(parseFloat(String(cy.getElementById("app").style("outline-width")))).toBe(0);
  });
});

describe("classes", () => {
  it("fades nodes and edges with the faded class, over every other opacity, selection included", () => {
    const cy = drawn();
    expect(opacity(cy, "app")).toBe(1);
    cy.getElementById("app").addClass("faded");
    cy.getElementById("drop").addClass("faded").select();
    cy.getElementById("would").addClass("faded");
    expect(opacity(cy, "app")).toBe(FADED_OPACITY);
    expect(Number(cy.getElementById("app").style("text-opacity"))).toBe(FADED_OPACITY);
    expect(opacity(cy, "drop")).toBe(FADED_OPACITY);
    expect(opacity(cy, "would")).toBe(FADED_OPACITY);
  });

  it("subdues a forwarded edge with the subdued class, never a dropping or would-drop one", () => {
    const cy = drawn();
    cy.edges().addClass("subdued");
    expect(opacity(cy, "fwd")).toBe(SUBDUED_OPACITY);
    expect(opacity(cy, "drop")).toBe(0.95);
    expect(opacity(cy, "would")).toBe(0.95);
    expect(opacity(cy, "audit")).toBe(0.95);
    expect(opacity(cy, "unknown")).toBe(0.95);
  });

  it("overlays the selection in the theme's selection colour", () => {
    for (const theme of ["light", "dark"] as const) {
      const cy = drawn({ theme });
      expect(Number(cy.getElementById("app").style("overlay-opacity"))).toBe(0);
      cy.getElementById("app").select();
      expect(style(cy, "app", "overlay-color")).toBe(rgb(THEME_COLORS[theme].selection));
      expect(Number(cy.getElementById("app").style("overlay-opacity"))).toBe(0.25);
    }
  });
});

describe("themes", () => {
  it("takes label, label background and node border colours from the theme", () => {
    for (const theme of ["light", "dark"] as const) {
      const cy = drawn({ theme });
      expect(style(cy, "app", "color")).toBe(rgb(THEME_COLORS[theme].text));
      expect(style(cy, "app", "text-background-color")).toBe(rgb(THEME_COLORS[theme].textBackground));
      expect(style(cy, "app", "border-color")).toBe(rgb(THEME_COLORS[theme].nodeBorder));
      expect(style(cy, "drop", "color")).toBe(rgb(THEME_COLORS[theme].text));
    }
    expect(THEME_COLORS.light.text).not.toBe(THEME_COLORS.dark.text);
  });

  it("keeps the elements' own colours in both themes", () => {
    expect(style(drawn({ theme: "dark" }), "drop", "line-color")).toBe(rgb(DROPPED_COLOR));
    expect(style(drawn({ theme: "dark" }), "fwd", "line-color")).toBe(rgb(FORWARDED_COLOR));
    expect(style(drawn({ theme: "dark" }), "unknown", "line-color")).toBe(rgb(RECOVERY_UNKNOWN_COLOR));
  });

  it("draws a recovery-unknown edge at 3:1 or more against both themes' backgrounds", () => {
    // WCAG's contrast of graphical objects (1.4.11), from relative luminance.
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    for (const theme of ["light", "dark"] as const) {
      expect(contrast(RECOVERY_UNKNOWN_COLOR, THEME_COLORS[theme].background)).toBeGreaterThanOrEqual(3);
    }
  });
});
