// Cytoscape's WebGL renderer needs a WebGL 2 context and does not fall back without one. Where
// WebGL is drawn in software (SwiftShader, llvmpipe: no GPU), it is no faster than the 2D canvas.

interface WebglSupport {
  available: boolean;
  /** Drawn by a GPU, as far as the browser tells. */
  hardware: boolean;
}

let support: WebglSupport | null = null;

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software/i;

export function webgl2Support(): WebglSupport {
  if (support === null) {
    try {
      const gl = document.createElement("canvas").getContext("webgl2");
      const info = gl?.getExtension("WEBGL_debug_renderer_info");
      const name = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
      support = {
        available: gl !== null,
        hardware: gl !== null && name !== "" && !SOFTWARE_RENDERERS.test(name),
      };
      gl?.getExtension("WEBGL_lose_context")?.loseContext();
    } catch {
      support = { available: false, hardware: false };
    }
  }
  return support;
}
