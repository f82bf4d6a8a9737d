import { esc } from "./escape.js";

/** A table whose cells are HTML already built (numbers via `metric`, text via `esc`). */
export function table(
  headers: readonly string[],
  body: readonly (readonly string[])[],
  numeric: readonly number[] = [],
): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : "");
  const head = headers.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join("");
  const rows = body.map((cells) => `<tr>${cells.map((c, i) => `<td${cls(i)}>${c}</td>`).join("")}</tr>`);
  // Wide tables scroll on their own on a narrow screen instead of widening the page.
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

/** Trace ids as code, escaped. */
export function codes(values: readonly string[]): string {
  return values.map((v) => `<code>${esc(v)}</code>`).join(" ");
}

export function section(id: string, title: string, body: string, intro = ""): string {
  const lead = intro === "" ? "" : `<p class="intro">${esc(intro)}</p>`;
  return `<section id="${esc(id)}"><h2>${esc(title)}</h2>${lead}${body}</section>`;
}
