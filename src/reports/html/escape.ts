/**
 * HTML escaping for the report. Every string that comes from input data (team names, trace
 * ids, services, model names) passes through `esc` before it reaches the page, in text and in
 * attribute values alike (both quote characters are escaped, so either quoting is safe).
 */

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text or attribute value made safe for HTML and inline SVG. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * One number on the page: `data-metric` names it (a path into the report, e.g.
 * `headline.totalSpend`), `data-value` holds the report's exact value, the text is what a
 * reader sees.
 */
export function metric(name: string, value: string | number | null, shown: string, className = ""): string {
  const cls = className === "" ? "" : ` class="${esc(className)}"`;
  return `<span${cls} data-metric="${esc(name)}" data-value="${esc(value === null ? "null" : value)}">${esc(shown)}</span>`;
}
