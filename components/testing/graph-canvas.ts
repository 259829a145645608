import type { Core } from "cytoscape";

// For component tests: what happy-dom lacks for cytoscape's canvas renderer to run as in the
// browser. Its canvases get a 2D context that draws nothing (happy-dom has none), every box a size
// (happy-dom lays nothing out), and animation frames come at a screen's pace, so the graph component
// builds, fits and zooms its real cytoscape instance. What it would paint is not checked here
// (bench/graph-paint does, in Chromium).

const SIZE = { width: 800, height: 600 };
const FRAME_MS = 16;

function silentContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const state: Record<PropertyKey, unknown> = { canvas };
  const nothing = () => {};
  return new Proxy({} as CanvasRenderingContext2D, {
    get(_target, key) {
      if (key in state) return state[key];
      switch (key) {
        case "measureText":
          return (text: string) => ({
            width: text.length * 6,
            actualBoundingBoxAscent: 8,
            actualBoundingBoxDescent: 2,
          });
        case "getImageData":
        case "createImageData":
          return (_x: number, _y: number, w = 1, h = 1) => ({
            width: w,
            height: h,
            data: new Uint8ClampedArray(Math.max(1, w * h) * 4),
          });
        case "createLinearGradient":
        case "createRadialGradient":
        case "createPattern":
          return () => ({ addColorStop: nothing });
        case "getTransform":
          return () => new DOMMatrix();
        case "isPointInPath":
        case "isPointInStroke":
          return () => false;
        default:
          return nothing;
      }
    },
    set(_target, key, value) {
      state[key] = value;
      return true;
    },
  });
}

interface Restorable {
  key: string;
  target: object;
  descriptor: PropertyDescriptor | undefined;
}

/** Installs the canvas and the sizes; returns what puts happy-dom back as it was. */
export function drawableCanvas(): () => void {
  const saved: Restorable[] = [];
  const define = (target: object, key: string, descriptor: PropertyDescriptor) => {
    saved.push({ key, target, descriptor: Object.getOwnPropertyDescriptor(target, key) });
    Object.defineProperty(target, key, { configurable: true, ...descriptor });
  };
  const getContext = {
    value: function getContext(this: HTMLCanvasElement, kind: string) {
      return kind === "2d" ? silentContext(this) : null;
    },
  };
  define(HTMLCanvasElement.prototype, "getContext", getContext);
  if (typeof OffscreenCanvas !== "undefined") define(OffscreenCanvas.prototype, "getContext", getContext);
  // happy-dom runs animation frames back to back (setImmediate); cytoscape's render loop asks for
  // one after another, so it would spin and take the CPU from the test. A 60 Hz screen instead.
  define(window, "requestAnimationFrame", {
    value: (callback: FrameRequestCallback) => window.setTimeout(() => callback(performance.now()), FRAME_MS),
  });
  define(window, "cancelAnimationFrame", { value: (handle: number) => window.clearTimeout(handle) });
  define(HTMLElement.prototype, "clientWidth", { get: () => SIZE.width });
  define(HTMLElement.prototype, "clientHeight", { get: () => SIZE.height });
  // cytoscape subtracts the box's padding, which happy-dom's computed style leaves empty.
  const style = document.createElement("style");
  style.textContent = "[data-testid=namespace-graph] { padding: 0px; }";
  document.head.append(style);
  return () => {
    style.remove();
    for (const { target, key, descriptor } of saved.reverse()) {
      if (descriptor) Object.defineProperty(target, key, descriptor);
      else Reflect.deleteProperty(target, key);
    }
  };
}

/** The cytoscape instance drawing into the graph's box (cytoscape keeps it on its container). */
export function cytoscapeOf(box: HTMLElement): Core {
  const registration = (box as HTMLElement & { _cyreg?: { cy?: Core } })._cyreg;
  if (!registration?.cy) throw new Error("no cytoscape instance draws into this element");
  return registration.cy;
}
