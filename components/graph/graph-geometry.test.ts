import { describe, expect, it } from "vitest";
import { fitViewport } from "./graph-geometry";

const view = { width: 800, height: 600, padding: 30, minZoom: 0.02, maxZoom: 3 };

describe("fitViewport", () => {
  it("centres the points' box, margin included, in the view within its padding", () => {
    const points = [
      { x: -500, y: -100 },
      { x: 1500, y: 300 },
      { x: 200, y: 900 },
    ];
    const fitted = fitViewport(points, view, 40)!;
    // The box with its margin: 2,080 × 1,080 model units into 740 × 540 pixels; the width decides.
    expect(fitted.zoom).toBeCloseTo(740 / 2080, 10);
    const left = -540 * fitted.zoom + fitted.pan.x;
    const right = 1540 * fitted.zoom + fitted.pan.x;
    const top = -140 * fitted.zoom + fitted.pan.y;
    const bottom = 940 * fitted.zoom + fitted.pan.y;
    expect(left).toBeCloseTo(30, 6);
    expect(right).toBeCloseTo(770, 6);
    // Centred vertically: as much room above as below.
    expect(top).toBeCloseTo(600 - bottom, 6);
    expect(top).toBeGreaterThan(30);
  });

  it("stays within the zoom limits and has nothing to fit without points", () => {
    expect(fitViewport([{ x: 0, y: 0 }], view, 1)!.zoom).toBe(3);
    expect(
      fitViewport(
        [
          { x: 0, y: 0 },
          { x: 1e9, y: 0 },
        ],
        view,
        1,
      )!.zoom,
    ).toBe(0.02);
    expect(fitViewport([], view, 40)).toBeNull();
  });
});
