import { renderTimelineHtml } from "../../analyses/timelineRender.js";
import type { AuditReport, Timeline } from "../model.js";
import { esc, metric } from "./escape.js";
import { count } from "./format.js";

/**
 * Example trace ids and their timelines: each id whose timeline the report carries is a link
 * to it, and each timeline is a collapsed `<details id="trace-<id>">` at the end of the page.
 */

type Timelines = Readonly<Record<string, Timeline>>;

/** The fragment id of a trace's timeline. */
export function traceAnchor(traceId: string): string {
  return `trace-${traceId}`;
}

/** One trace id as code; a link to its timeline when the report carries one. */
export function traceLink(traceId: string, timelines: Timelines): string {
  const code = `<code>${esc(traceId)}</code>`;
  return Object.hasOwn(timelines, traceId) ? `<a href="#${esc(traceAnchor(traceId))}">${code}</a>` : code;
}

/** Trace ids, space separated, each linked to its timeline when there is one. */
export function traceLinks(traceIds: readonly string[], timelines: Timelines): string {
  return traceIds.map((id) => traceLink(id, timelines)).join(" ");
}

function timelineBlock(t: Timeline): string {
  const losses = t.losses.length === 0 ? "" : `, lost ${t.losses.map((l) => l.layer).join(", ")}`;
  const events = metric(`timelines.${t.traceId}.events`, t.events.length, count(t.events.length));
  const summary = `<code>${esc(t.traceId)}</code> ${esc(t.services.join(", "))} <span class="muted">(${events} events${esc(losses)})</span>`;
  return `<details class="trace" id="${esc(traceAnchor(t.traceId))}"><summary>${summary}</summary>${renderTimelineHtml(t)}</details>`;
}

/** Every timeline the report carries, in the order the findings name them. */
export function timelineList(report: AuditReport): string {
  const all = Object.values(report.timelines);
  if (all.length === 0) return '<p class="muted">No example trace to show.</p>';
  return all.map(timelineBlock).join("");
}
