// Cytoscape's WebGL renderer needs a WebGL 2 context and does not fall back without one.

let supported: boolean | null = null;

/** Whether this browser gives a WebGL 2 context (possibly software-rendered). */
export function webgl2Supported(): boolean {
  if (supported === null) {
    try {
      supported = document.createElement("canvas").getContext("webgl2") !== null;
    } catch {
      supported = false;
    }
  }
  return supported;
}
