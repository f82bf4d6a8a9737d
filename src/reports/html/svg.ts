import { esc } from "./escape.js";

/**
 * Inline SVG charts drawn from plain numbers: no script, no external asset, so the page opens
 * offline and prints. Each bar is a `rect.bar` carrying the `data-metric` of the figure it
 * draws; a `<title>` gives the exact figure on hover.
 */

const WIDTH = 960;

/** Colours told apart with most colour-vision deficiencies (Tableau 10, grey kept for "rest"). */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
];
export const REST_COLOUR = "#a7a39e";

export interface Bar {
  value: number;
  /** Exact report value for `data-value`. */
  raw: string | number;
  metric: string;
  colour: string;
  /** Hover text. */
  title: string;
}

export function rect(x: number, y: number, w: number, h: number, bar: Bar): string {
  const box = `x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}"`;
  return `<rect class="bar" ${box} fill="${bar.colour}" data-metric="${esc(bar.metric)}" data-value="${esc(bar.raw)}"><title>${esc(bar.title)}</title></rect>`;
}

export function text(x: number, y: number, content: string, attrs = ""): string {
  return `<text x="${r(x)}" y="${r(y)}"${attrs === "" ? "" : ` ${attrs}`}>${esc(content)}</text>`;
}

export function svg(chart: string, height: number, label: string, body: string): string {
  return `<svg class="chart" data-chart="${esc(chart)}" viewBox="0 0 ${WIDTH} ${r(height)}" width="100%" role="img" aria-label="${esc(label)}" preserveAspectRatio="xMinYMin meet">${body}</svg>`;
}

const r = (n: number): string => String(Math.round(n * 10) / 10);

/** A round tick step (1, 2, 2.5 or 5 times a power of ten) giving at most four steps up to `max`. */
export function niceStep(max: number): number {
  if (max <= 0) return 1;
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 2.5, 5, 10].find((s) => s * power >= rough) ?? 10) * power;
}

export interface Column {
  label: string;
  /** Bottom to top; zero-height segments are not drawn. */
  segments: Bar[];
}

const PLOT = { left: 64, right: 12, top: 12, bottom: 40, height: 260 };

function yAxis(top: number, bottom: number, step: number, steps: number, tick: Tick): string {
  const lines: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const y = bottom - ((bottom - top) * i) / steps;
    lines.push(`<line class="grid" x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${r(y)}" y2="${r(y)}"/>`);
    lines.push(text(PLOT.left - 8, y + 4, tick(step * i, step), 'class="tick" text-anchor="end"'));
  }
  return lines.join("");
}

/** Axis label of a tick value, given the step between ticks. */
export type Tick = (value: number, step: number) => string;

/** Vertical stacked bars, one column per label (e.g. spend per day, stacked by team). */
export function stackedColumns(chart: string, label: string, columns: readonly Column[], tick: Tick): string {
  const top = PLOT.top;
  const bottom = PLOT.top + PLOT.height;
  const totals = columns.map((c) => c.segments.reduce((s, b) => s + b.value, 0));
  const step = niceStep(Math.max(0, ...totals));
  const steps = Math.max(1, Math.ceil(Math.max(0, ...totals) / step - 1e-9));
  const max = step * steps;
  const slot = (WIDTH - PLOT.left - PLOT.right) / Math.max(1, columns.length);
  const barWidth = Math.max(2, Math.min(48, slot * 0.72));
  const every = Math.max(1, Math.ceil(columns.length / 14));
  const parts: string[] = [yAxis(top, bottom, step, steps, tick)];
  columns.forEach((column, i) => {
    const x = PLOT.left + slot * i + (slot - barWidth) / 2;
    let y = bottom;
    for (const bar of column.segments) {
      const h = ((bottom - top) * bar.value) / max;
      if (h <= 0) continue;
      y -= h;
      parts.push(rect(x, y, barWidth, h, bar));
    }
    if (i % every === 0)
      parts.push(text(x + barWidth / 2, bottom + 18, column.label, 'class="tick" text-anchor="middle"'));
  });
  parts.push(
    `<line class="axis" x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${bottom}" y2="${bottom}"/>`,
  );
  return svg(chart, bottom + PLOT.bottom, label, parts.join(""));
}

export interface Row {
  label: string;
  /** Left to right; their values add up to at most `max`. */
  segments: Bar[];
  /** The figure shown after the bar, with the metric it shows. */
  note: { text: string; metric: string; raw: string | number };
}

const ROW = { height: 34, bar: 20, label: 210, note: 200 };

/** Horizontal bars, one row per label, each row one bar or several stacked left to right. */
export function rows(chart: string, label: string, items: readonly Row[], max: number): string {
  const span = WIDTH - ROW.label - ROW.note - 12;
  const scale = max > 0 ? span / max : 0;
  const parts: string[] = [];
  items.forEach((item, i) => {
    const y = 8 + i * ROW.height;
    parts.push(text(ROW.label - 10, y + ROW.bar / 2 + 5, item.label, 'class="label" text-anchor="end"'));
    parts.push(`<rect class="track" x="${ROW.label}" y="${y}" width="${r(span)}" height="${ROW.bar}"/>`);
    let x = ROW.label;
    for (const bar of item.segments) {
      const w = bar.value * scale;
      if (w <= 0) continue;
      parts.push(rect(x, y, Math.max(w, 1.5), ROW.bar, bar));
      x += w;
    }
    const { note } = item;
    const attrs = `class="note" data-metric="${esc(note.metric)}" data-value="${esc(note.raw)}"`;
    parts.push(text(ROW.label + span + 10, y + ROW.bar / 2 + 5, note.text, attrs));
  });
  return svg(chart, 16 + items.length * ROW.height, label, parts.join(""));
}
