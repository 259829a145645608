"use client";

import type { LegendEntry } from "./graph-legend-entries";
import { RECOVERY_UNKNOWN_DASH, THEME_COLORS, type GraphTheme } from "./graph-style";

const SCALE = 2;
const PADDING = 16 * SCALE;
const LINE = 18 * SCALE;
const FONT = `${12 * SCALE}px system-ui, sans-serif`;
const TITLE_FONT = `600 ${14 * SCALE}px system-ui, sans-serif`;

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("the graph image could not be read"));
    image.src = src;
  });
}

function drawMark(ctx: CanvasRenderingContext2D, entry: LegendEntry, x: number, y: number): number {
  const size = 10 * SCALE;
  ctx.save();
  ctx.fillStyle = entry.color;
  ctx.strokeStyle = entry.color;
  ctx.lineWidth = 2 * SCALE;
  switch (entry.mark) {
    case "circle":
      ctx.beginPath();
      ctx.arc(x + size / 2, y, size / 2, 0, 2 * Math.PI);
      ctx.fill();
      break;
    case "square":
      ctx.fillRect(x, y - size / 2, size, size);
      break;
    case "diamond":
      ctx.beginPath();
      ctx.moveTo(x + size / 2, y - size / 2);
      ctx.lineTo(x + size, y);
      ctx.lineTo(x + size / 2, y + size / 2);
      ctx.lineTo(x, y);
      ctx.closePath();
      ctx.fill();
      break;
    case "dashed-ring":
      ctx.setLineDash([3 * SCALE, 2 * SCALE]);
      ctx.beginPath();
      ctx.arc(x + size / 2, y, size / 2 - SCALE, 0, 2 * Math.PI);
      ctx.stroke();
      break;
    default:
      if (entry.mark === "dashed-line") ctx.setLineDash([4 * SCALE, 2 * SCALE]);
      if (entry.mark === "dotted-line") ctx.setLineDash([1.5 * SCALE, 2 * SCALE]);
      if (entry.mark === "dash-dot-line") ctx.setLineDash(RECOVERY_UNKNOWN_DASH.map((d) => d * SCALE));
      if (entry.mark === "faint-line") ctx.globalAlpha = 0.4;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + 2 * size, y);
      ctx.stroke();
      ctx.restore();
      return 2 * size;
  }
  ctx.restore();
  return size;
}

/** The graph image with its caption above and its legend below, as one PNG data URL. */
export async function composeExportImage({
  graphPng,
  theme,
  caption,
  legend,
  groups,
}: {
  graphPng: string;
  theme: GraphTheme;
  caption: readonly string[];
  legend: readonly LegendEntry[];
  groups: string;
}): Promise<string> {
  const graph = await loadImage(graphPng);
  const colors = THEME_COLORS[theme];
  const width = Math.max(graph.width, 900 * SCALE);
  const measure = document.createElement("canvas").getContext("2d")!;
  measure.font = FONT;
  // Legend entries flow left to right, wrapping at the image's width.
  const placed: { entry: LegendEntry; x: number; row: number }[] = [];
  let x = PADDING;
  let row = 0;
  for (const entry of legend) {
    const entryWidth = 30 * SCALE + measure.measureText(entry.label).width + 16 * SCALE;
    if (x + entryWidth > width - PADDING && x > PADDING) {
      row += 1;
      x = PADDING;
    }
    placed.push({ entry, x, row });
    x += entryWidth;
  }
  const captionHeight = PADDING + caption.length * LINE;
  const legendHeight = (row + 2) * LINE + PADDING;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = captionHeight + graph.height + legendHeight;
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = colors.text;
  ctx.textBaseline = "middle";
  caption.forEach((line, i) => {
    ctx.font = i === 0 ? TITLE_FONT : FONT;
    ctx.fillText(line, PADDING, PADDING + i * LINE + LINE / 2);
  });
  ctx.drawImage(graph, Math.round((width - graph.width) / 2), captionHeight);
  ctx.font = FONT;
  const legendTop = captionHeight + graph.height + LINE / 2;
  for (const { entry, x: left, row: r } of placed) {
    const y = legendTop + r * LINE;
    const markWidth = drawMark(ctx, entry, left, y);
    ctx.fillStyle = colors.text;
    ctx.fillText(entry.label, left + markWidth + 6 * SCALE, y);
  }
  ctx.fillText(groups, PADDING, legendTop + (row + 1) * LINE);
  return canvas.toDataURL("image/png");
}
