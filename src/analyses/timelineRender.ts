import { IDENTITY_LAYERS } from "../record/identity.js";
import {
  type StepIdentity,
  TIMELINE_SOURCES,
  type Timeline,
  type TimelineEvent,
  type TimelineSource,
} from "./timelineModel.js";

/**
 * Renderers of a timeline: terminal text (`spendtrail trace`) and an HTML fragment the HTML
 * report embeds for each example trace id (link to `#${timelineAnchor(id)}`).
 */

const SOURCE_NAMES: Readonly<Record<TimelineSource, string>> = {
  span: "span",
  log: "log line",
  gateway: "gateway row",
  capture: "capture",
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)}s`;

function took(ms: number | null): string {
  if (ms === null) return "";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** `acme/search/-`: tenant, team, workload, `-` where the step does not carry it. */
export function identityText(identity: StepIdentity): string {
  return IDENTITY_LAYERS.map((l) => identity[l] ?? "-").join("/");
}

function step(e: TimelineEvent): string {
  return `${"  ".repeat(e.depth)}${e.operation}`;
}

function marks(e: TimelineEvent): string {
  return e.marks.map((m) => m.toUpperCase().replaceAll("_", "-")).join(" ");
}

function relations(e: TimelineEvent): string[] {
  return e.related.map(
    (r) =>
      `${r.relation.replaceAll("_", " ")} trace ${r.traceId}${r.service === "" ? "" : ` (${r.service})`}`,
  );
}

function headline(t: Timeline): string[] {
  const counts = TIMELINE_SOURCES.filter((source) => t.counts[source] > 0).map((source) => {
    const n = t.counts[source];
    return `${n} ${SOURCE_NAMES[source]}${n === 1 ? "" : "s"}`;
  });
  const marked = Object.entries(t.marks).map(([m, n]) => `${m} ${n}`);
  const lines = [
    `trace ${t.traceId}`,
    `${t.start} UTC, ${took(t.durationMs)}, ${counts.join(", ")}`,
    `services: ${t.services.join(", ")}`,
  ];
  if (marked.length > 0) lines.push(`marks: ${marked.join(", ")}`);
  for (const loss of t.losses) lines.push(`${loss.layer} lost: ${loss.lastWith} -> ${loss.firstWithout}`);
  return lines;
}

/** The timeline as terminal text: a headline, then one line per event (and its detail below it). */
export function renderTimelineText(t: Timeline): string {
  if (!t.found)
    return `trace ${t.traceId}: nothing stored for this trace id (no spans, log lines, gateway rows or captures)\n`;
  const rows = t.events.map((e) => [
    `+${seconds(e.offsetMs)}`,
    e.source,
    e.service,
    step(e),
    took(e.durationMs),
    e.status,
    identityText(e.identity),
    marks(e),
  ]);
  const header = ["at", "source", "service", "step", "took", "status", "tenant/team/workload", "marks"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const out = [...headline(t), "", line(header)];
  t.events.forEach((e, i) => {
    out.push(line(rows[i] ?? []));
    const notes = [e.detail, ...relations(e)].filter((s) => s !== "");
    if (notes.length > 0) out.push(`${" ".repeat((widths[0] ?? 0) + 2)}${notes.join("; ")}`);
  });
  return `${out.join("\n")}\n`;
}

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const esc = (value: string | number): string => String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** The id of a timeline's fragment, for links from example trace ids. */
export function timelineAnchor(traceId: string): string {
  return `timeline-${traceId.replace(/[^0-9A-Za-z_-]/g, "")}`;
}

/** Styles for `.st-timeline` fragments (include once per page). */
export const TIMELINE_CSS = `.st-timeline table{border-collapse:collapse;font-size:12px;width:100%}
.st-timeline th,.st-timeline td{text-align:left;padding:2px 6px;border-bottom:1px solid #e5e5e5;vertical-align:top}
.st-timeline .detail{color:#666}.st-timeline .missing{color:#b00}
.st-timeline .mark{display:inline-block;padding:0 4px;margin-right:2px;border-radius:3px;background:#eee;font-size:11px}
.st-timeline .mark-error{background:#fdd}.st-timeline .mark-retry,.st-timeline .mark-new_trace{background:#ffe6b3}`;

function identityCells(identity: StepIdentity): string {
  return IDENTITY_LAYERS.map((l) => {
    const v = identity[l];
    return v === null ? '<td class="missing">-</td>' : `<td>${esc(v)}</td>`;
  }).join("");
}

function eventRow(e: TimelineEvent): string {
  const marked = e.marks
    .map((m) => `<span class="mark mark-${esc(m)}">${esc(m.replaceAll("_", " "))}</span>`)
    .join("");
  const related = e.related
    .map(
      (r) =>
        `<a href="#${esc(timelineAnchor(r.traceId))}">${esc(r.relation.replaceAll("_", " "))} ${esc(r.traceId)}</a>`,
    )
    .join(" ");
  const step = `<span style="padding-left:${e.depth}em">${esc(e.operation)}</span>`;
  return `<tr data-source="${esc(e.source)}"><td>+${esc(seconds(e.offsetMs))}</td><td>${esc(e.source)}</td><td>${esc(e.service)}</td><td>${step}</td><td>${esc(took(e.durationMs))}</td><td>${esc(e.status)}</td>${identityCells(e.identity)}<td>${marked}</td><td class="detail">${esc(e.detail)} ${related}</td></tr>`;
}

/**
 * The timeline as a self-contained HTML fragment (a `<section>`, every value escaped, no
 * scripts, no external resources), its id `timelineAnchor(traceId)`.
 */
export function renderTimelineHtml(t: Timeline): string {
  const summary = headline(t)
    .slice(1)
    .map((l) => `<p>${esc(l)}</p>`)
    .join("");
  const head = [
    "at",
    "source",
    "service",
    "step",
    "took",
    "status",
    "tenant",
    "team",
    "workload",
    "marks",
    "detail",
  ];
  const body = t.found
    ? `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${t.events.map(eventRow).join("")}</tbody></table>`
    : "<p>Nothing stored for this trace id.</p>";
  return `<section class="st-timeline" id="${esc(timelineAnchor(t.traceId))}"><h3>Trace <code>${esc(t.traceId)}</code></h3>${t.found ? summary : ""}${body}</section>`;
}
