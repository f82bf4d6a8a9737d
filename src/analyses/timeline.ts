import { DEFAULT_CONTRACT } from "../contract/default.js";
import type { IdentityContract } from "../contract/types.js";
import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import { IDENTITY_LAYERS } from "../record/identity.js";
import { RETRY_TRIGGERS } from "./retrySql.js";
import { type EventRow, toEvent } from "./timelineEvent.js";
import {
  type IdentityLoss,
  TIMELINE_MARKS,
  TIMELINE_SOURCES,
  type Timeline,
  type TimelineEvent,
  type TimelineSource,
} from "./timelineModel.js";
import { type Relation, relationsSql } from "./timelineRelations.js";
import { timelinesSql } from "./timelineSql.js";

export type {
  IdentityLoss,
  StepIdentity,
  Timeline,
  TimelineEvent,
  TimelineMark,
  TimelineSource,
} from "./timelineModel.js";
export { TIMELINE_MARKS, TIMELINE_SOURCES } from "./timelineModel.js";
export type { Relation } from "./timelineRelations.js";
export { RELATIONS } from "./timelineRelations.js";
export { timelineSql, timelinesSql } from "./timelineSql.js";

export interface TimelineOptions {
  contract?: IdentityContract;
  /** Retry window across traces, in seconds (default 30, as the integrity check). */
  retryWindowSeconds?: number;
}

interface RelationRow {
  span_id: string;
  relation: Relation;
  other_trace: string;
  other_service: string;
  tl_for: string;
}

type TracedEventRow = EventRow & { tl_for: string };

async function hasCallLinks(engine: Engine): Promise<boolean> {
  const rows = await engine.query<{ n: number }>(
    sql("SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'call_links'"),
  );
  return rows[0]?.n === 1;
}

/** Builds the timeline of `traceId` (lowercase 32 hex: see `resolveTraceId`). */
export async function buildTimeline(
  engine: Engine,
  traceId: string,
  options: TimelineOptions = {},
): Promise<Timeline> {
  const [timeline] = await timelinesOf(engine, [traceId], options);
  return timeline as Timeline;
}

/** The timelines of `traceIds` (distinct, lowercase 32 hex), in order, from one statement per query. */
async function timelinesOf(
  engine: Engine,
  traceIds: readonly string[],
  options: TimelineOptions,
): Promise<Timeline[]> {
  if (traceIds.length === 0) return [];
  const contract = options.contract ?? DEFAULT_CONTRACT;
  const rows = await engine.query<TracedEventRow>(
    timelinesSql(traceIds, contract, await hasCallLinks(engine)),
  );
  const relations = await engine.query<RelationRow>(relationsSql(traceIds, options.retryWindowSeconds ?? 30));
  const rowsOf = groupByTrace(rows);
  const relationsOf = groupByTrace(relations);
  return traceIds.map((id) => timelineFrom(id, rowsOf.get(id) ?? [], relationsOf.get(id) ?? []));
}

/** Rows per requested trace, in query order. */
function groupByTrace<R extends { tl_for: string }>(rows: readonly R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    const list = out.get(r.tl_for);
    if (list === undefined) out.set(r.tl_for, [r]);
    else list.push(r);
  }
  return out;
}

function timelineFrom(
  traceId: string,
  rows: readonly EventRow[],
  relations: readonly RelationRow[],
): Timeline {
  const start = rows[0]?.at_us ?? 0;
  const events = rows.map((r) => toEvent(r, start));
  attachRelations(events, relations);
  markRetries(events);
  setDepths(events);
  return summarise(traceId, events);
}

/** Timelines drawn per report at most (each is a few kB of HTML). */
export const MAX_TIMELINES = 50;

/**
 * Timelines of a report's example trace ids (deduplicated, in order, at most `limit`, default
 * MAX_TIMELINES; ids that are not 32 hex are skipped), for the HTML report to embed and link.
 * All of them are read with one statement per query: each trace id lookup scans `otel_traces`.
 */
export async function buildTimelines(
  engine: Engine,
  traceIds: Iterable<string | null>,
  options: TimelineOptions & { limit?: number } = {},
): Promise<Timeline[]> {
  const ids = [
    ...new Set([...traceIds].filter((id): id is string => id !== null && /^[0-9a-f]{32}$/.test(id))),
  ];
  return timelinesOf(engine, ids.slice(0, options.limit ?? MAX_TIMELINES), options);
}

function attachRelations(events: TimelineEvent[], relations: readonly RelationRow[]): void {
  for (const r of relations) {
    const bySpan = events.find((e) => e.source === "span" && e.spanId === r.span_id);
    const target = bySpan ?? events.find((e) => e.source === "gateway") ?? events[0];
    if (target === undefined) continue;
    target.related.push({ relation: r.relation, traceId: r.other_trace, service: r.other_service });
    if (!target.marks.includes("new_trace")) target.marks.push("new_trace");
    if (r.relation === "retry_of" && !target.marks.includes("retry")) target.marks.push("retry");
  }
}

const RETRIED: ReadonlySet<string> = new Set(RETRY_TRIGGERS);

/** A call after a failed call of the same request model from the same source is a retry. */
function markRetries(events: TimelineEvent[]): void {
  const failed = new Set<string>();
  for (const e of events) {
    if (!e.call || e.model === null) continue;
    const key = `${e.source}\u0000${e.service}\u0000${e.model}`;
    if (failed.has(key) && !e.marks.includes("retry")) e.marks.push("retry");
    if (RETRIED.has(e.status)) failed.add(key);
  }
}

function setDepths(events: TimelineEvent[]): void {
  const parents = new Map(events.filter((e) => e.spanId !== null).map((e) => [e.spanId, e.parentSpanId]));
  for (const e of events) {
    let depth = 0;
    for (let p = e.parentSpanId; p !== null && parents.has(p) && depth < 64; p = parents.get(p) ?? null)
      depth++;
    e.depth = depth;
  }
}

function summarise(traceId: string, events: TimelineEvent[]): Timeline {
  const counts = Object.fromEntries(TIMELINE_SOURCES.map((s) => [s, 0])) as Record<TimelineSource, number>;
  const marks: Timeline["marks"] = {};
  for (const e of events) counts[e.source] += 1;
  for (const m of TIMELINE_MARKS) {
    const n = events.filter((e) => e.marks.includes(m)).length;
    if (n > 0) marks[m] = n;
  }
  // A log line's latency is the time up to the line, not after it.
  const last = events.reduce(
    (end, e) => Math.max(end, e.offsetMs + (e.source === "log" ? 0 : (e.durationMs ?? 0))),
    0,
  );
  return {
    traceId,
    found: events.length > 0,
    start: events[0]?.at ?? null,
    durationMs: events.length === 0 ? null : last,
    services: [...new Set(events.map((e) => e.service))],
    counts,
    marks,
    losses: identityLosses(events),
    events,
  };
}

const step = (e: TimelineEvent) => `${e.service} ${e.operation}`;

/**
 * Per layer, the first call step without it after a call step with it, on the way to the
 * ledger: LLM spans and gateway rows (a capture past the gateway need not carry identity).
 */
export function identityLosses(events: readonly TimelineEvent[]): IdentityLoss[] {
  const out: IdentityLoss[] = [];
  const calls = events.filter((e) => e.call && e.source !== "capture");
  for (const layer of IDENTITY_LAYERS) {
    let lastWith: TimelineEvent | null = null;
    for (const e of calls) {
      if (e.identity[layer] !== null) lastWith = e;
      else if (lastWith !== null) {
        out.push({ layer, lastWith: step(lastWith), firstWithout: step(e) });
        break;
      }
    }
  }
  return out;
}
