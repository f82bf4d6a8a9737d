import { type AttributeMap, attributesFromKeyValues, attributesFromObject } from "./attributes.js";
import { isRecord } from "./json-input.js";
import { normaliseId, syntheticId } from "./otel-ids.js";
import { hrTimeToNanos, isoToNanos, microsToNanos, nanosOf } from "./otel-time.js";
import {
  emptyDraft,
  type SpanDraft,
  SYNTHETIC_IDS_ATTRIBUTE,
  spanKindOf,
  statusCodeOf,
} from "./span-draft.js";
import { shown } from "./span-run.js";

/**
 * One span-like JSON object as found in test snapshots and SDK dumps: OpenInference and Vercel
 * AI SDK snapshots (`{name, attributes, events}`), OTel JS ReadableSpan JSON (`_spanContext`,
 * `parentSpanContext`/`parentSpanId`, hrtime `startTime`/`endTime`/`duration`, `kind` in the JS
 * enum, `status.code`, `resource.attributes`), the JS ConsoleSpanExporter (`id`, `timestamp` and
 * `duration` in µs), Python `span.to_json()` (`context.trace_id` as `0x...`, ISO times,
 * `SpanKind.CLIENT`) and single OTLP spans (`startTimeUnixNano`, KeyValue attributes).
 * What the object does not state is synthesised: ids derived from the file name and record
 * index, time 0, and the span is marked `spendtrail.synthetic_ids=true`.
 */
export type SpanLikeResult = { draft: SpanDraft; problems: string[] } | { error: string };

/** Where a record sits, for its synthetic ids. */
export interface RecordPlace {
  /** File name without directories, so ids do not depend on the working directory. */
  fileName: string;
  /** 0-based index in the file. */
  index: number;
}

export function spanLikeDraft(obj: Record<string, unknown>, place: RecordPlace): SpanLikeResult {
  const ids = idsOf(obj, place);
  if ("error" in ids) return ids;
  const times = timesOf(obj);
  if ("error" in times) return times;
  const draft = emptyDraft();
  Object.assign(draft, ids.ids, { startNs: times.startNs ?? 0n, endNs: times.endNs });
  draft.name = String(first(obj.name, obj.spanName) ?? "");
  draft.traceState = typeof obj.traceState === "string" ? obj.traceState : "";
  const problems = setKindAndStatus(draft, obj);
  draft.attributes = attributesOf(obj.attributes);
  draft.resource = attributesOf(resourceAttributes(obj.resource));
  const scope = firstRecord(obj.instrumentationScope, obj.instrumentationLibrary, obj.scope) ?? {};
  draft.scopeName = typeof scope.name === "string" ? scope.name : "";
  draft.scopeVersion = typeof scope.version === "string" ? scope.version : "";
  draft.events = eventsOf(obj.events);
  draft.links = linksOf(obj.links);
  if (ids.synthetic || times.startNs === null) draft.attributes[SYNTHETIC_IDS_ATTRIBUTE] = "true";
  return { draft, problems };
}

type Ids = { traceId: string; spanId: string; parentSpanId: string };

/** Ids as stated, or synthesised when absent; an id that is present but malformed is an error. */
function idsOf(
  obj: Record<string, unknown>,
  place: RecordPlace,
): { ids: Ids; synthetic: boolean } | { error: string } {
  const ctx = firstRecord(obj._spanContext, obj.spanContext, obj.context) ?? {};
  let synthetic = false;
  const id = (value: unknown, bytes: 8 | 16, field: string, seed: string): string | { error: string } => {
    if (value === undefined) {
      synthetic = true;
      return syntheticId(seed, bytes);
    }
    const hex = normaliseId(value, bytes);
    return hex ?? { error: `${field} must be a ${bytes * 2}-hex-digit id, got ${shown(value)}` };
  };
  const traceRaw = first(obj.traceId, obj.trace_id, ctx.traceId, ctx.trace_id);
  const traceId = id(traceRaw, 16, "traceId", `trace:${place.fileName}`);
  if (typeof traceId !== "string") return traceId;
  const spanRaw = first(obj.spanId, obj.span_id, obj.id, ctx.spanId, ctx.span_id);
  const spanId = id(spanRaw, 8, "spanId", `span:${place.fileName}#${place.index}`);
  if (typeof spanId !== "string") return spanId;
  const parentRaw = first(obj.parentSpanId, obj.parent_span_id, obj.parentId, obj.parent_id, parentOf(obj));
  const parentSpanId = parentRaw === undefined ? "" : normaliseId(parentRaw, 8);
  if (parentSpanId === null)
    return { error: `parentSpanId must be a 16-hex-digit id, got ${shown(parentRaw)}` };
  return { ids: { traceId, spanId, parentSpanId }, synthetic };
}

/** Kind numbers follow OTLP when the span uses OTLP field names, the OTel JS enum otherwise. */
function setKindAndStatus(draft: SpanDraft, obj: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const numbering = "startTimeUnixNano" in obj ? "otlp" : "otel-js";
  const kind = obj.kind === undefined || obj.kind === null ? "Unspecified" : spanKindOf(obj.kind, numbering);
  if (kind === null) problems.push(`unknown span kind ${shown(obj.kind)}; stored as Unspecified`);
  draft.kind = kind ?? "Unspecified";
  if (!setStatus(draft, obj.status)) problems.push(`unknown status ${shown(obj.status)}; stored as Unset`);
  return problems;
}

type Times = { startNs: bigint | null; endNs: bigint | null } | { error: string };

function timesOf(obj: Record<string, unknown>): Times {
  const startRaw = first(obj.startTimeUnixNano, obj.startTime, obj.start_time, obj.timestamp);
  if (startRaw === undefined) return { startNs: null, endNs: null };
  const startNs =
    "timestamp" in obj && startRaw === obj.timestamp && typeof startRaw === "number"
      ? microsToNanos(startRaw)
      : timeOf(startRaw);
  if (startNs === null) {
    return {
      error: `startTime must be an hrtime [seconds, nanos], ns or an ISO date-time, got ${shown(startRaw)}`,
    };
  }
  const endRaw = first(obj.endTimeUnixNano, obj.endTime, obj.end_time);
  let endNs = endRaw === undefined ? null : timeOf(endRaw);
  const duration = first(obj.duration, obj._duration);
  if (endRaw === undefined && duration !== undefined) {
    // ReadableSpan.duration (`_duration` in JSON) is hrtime; the ConsoleSpanExporter prints microseconds.
    const d = Array.isArray(duration) ? hrTimeToNanos(duration) : microsToNanos(duration);
    endNs = d === null ? null : startNs + d;
  }
  return { startNs, endNs };
}

/** An hrtime tuple, ns as a decimal string or integer, or an ISO date-time. */
function timeOf(value: unknown): bigint | null {
  if (Array.isArray(value)) return hrTimeToNanos(value);
  if (typeof value === "string" && !/^\d+$/.test(value.trim())) return isoToNanos(value);
  return nanosOf(value);
}

/** False when a status is given but its code is not one of unset/ok/error. */
function setStatus(draft: SpanDraft, status: unknown): boolean {
  if (status === undefined || status === null) return true;
  const raw = isRecord(status) ? first(status.code, status.status_code) : status;
  const code = raw === undefined ? "Unset" : statusCodeOf(raw);
  draft.statusCode = code ?? "Unset";
  const message = isRecord(status) ? first(status.message, status.description) : undefined;
  draft.statusMessage = typeof message === "string" ? message : "";
  return code !== null;
}

function attributesOf(value: unknown): AttributeMap {
  if (isRecord(value)) return attributesFromObject(value);
  if (Array.isArray(value)) return attributesFromKeyValues(value);
  return {};
}

/** OTel JS Resource JSON: `attributes`, 1.x `_attributes`, 2.x `_memoizedAttributes` / `_rawAttributes` ([k, v] pairs). */
function resourceAttributes(resource: unknown): unknown {
  if (!isRecord(resource)) return undefined;
  const raw = first(
    resource.attributes,
    resource._attributes,
    resource._memoizedAttributes,
    resource._syncAttributes,
  );
  if (raw !== undefined) return raw;
  if (!Array.isArray(resource._rawAttributes)) return undefined;
  return Object.fromEntries(resource._rawAttributes.filter((p) => Array.isArray(p) && p.length === 2));
}

function eventsOf(events: unknown): SpanDraft["events"] {
  if (!Array.isArray(events)) return [];
  return events.filter(isRecord).map((e) => ({
    timeNs: timeOf(first(e.timeUnixNano, e.time, e.timestamp)) ?? 0n,
    name: typeof e.name === "string" ? e.name : "",
    attributes: attributesOf(e.attributes),
  }));
}

function linksOf(links: unknown): SpanDraft["links"] {
  if (!Array.isArray(links)) return [];
  return links.filter(isRecord).map((l) => {
    const c = firstRecord(l.context) ?? l;
    return {
      traceId: normaliseId(first(c.traceId, c.trace_id), 16) ?? "",
      spanId: normaliseId(first(c.spanId, c.span_id), 8) ?? "",
      traceState: typeof c.traceState === "string" ? c.traceState : "",
      attributes: attributesOf(l.attributes),
    };
  });
}

function parentOf(obj: Record<string, unknown>): unknown {
  const parent = firstRecord(obj.parentSpanContext, obj.parent);
  return parent === undefined ? undefined : first(parent.spanId, parent.span_id);
}

/** The first value that is present (an empty string is present: an unset id stays unset). */
function first(...values: unknown[]): unknown {
  return values.find((v) => v !== undefined && v !== null);
}

function firstRecord(...values: unknown[]): Record<string, unknown> | undefined {
  return values.find(isRecord);
}
