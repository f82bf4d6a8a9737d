import { type Sql, sql } from "../engine/sql.js";
import { RETRY_TRIGGERS } from "./retrySql.js";
import { safeIdTextSql, traceHexSql, traceIdProblemSql, validTraceIdSql } from "./traceIdSql.js";

/**
 * One SELECT per integrity check (DESIGN.md section 6, trace integrity), each giving finding
 * items with the same columns: `check`, `kind`, `service` (the one to fix), `trace_id` (a trace
 * the example can open, '' when none), `related_trace_id` (the other half of a split),
 * `at`, `detail` (built from ids and names only, never attribute values) and `recoverable`.
 */

/** Table the items are written to, rebuilt on every run. */
export const INTEGRITY_ITEMS = "integrity_items";

const CONSUMER = `(SpanKind IN ('Consumer', 'SPAN_KIND_CONSUMER')
  OR SpanAttributes['messaging.operation.type'] IN ('process', 'receive', 'deliver')
  OR SpanAttributes['messaging.operation'] IN ('process', 'receive', 'deliver'))`;
const PRODUCER = `(SpanKind IN ('Producer', 'SPAN_KIND_PRODUCER')
  OR SpanAttributes['messaging.operation.type'] IN ('publish', 'send', 'create')
  OR SpanAttributes['messaging.operation'] IN ('publish', 'send', 'create'))`;
const REMOTE_KINDS = "('Server', 'Consumer', 'SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER')";
const NO_TIME = "toDateTime64(0, 9, 'UTC')";
const at = (expr: string) => `toDateTime64(${expr}, 9, 'UTC')`;
const ITEM = (check: string) => `'${check}' AS check`;

/** Spans stored once per (trace, span): a span exported twice is one span (its copies are alike). */
const SPANS = "(SELECT * FROM otel_traces LIMIT 1 BY TraceId, SpanId)";

/** Spans whose TraceId is not a valid stored id ('' is how the exporter stores all zeros). */
export function invalidSpanIdsSql(): Sql {
  const problem = traceIdProblemSql("TraceId");
  return sql(`SELECT ${ITEM("invalid_span_trace_id")}, ${problem} AS kind, ServiceName AS service,
  '' AS trace_id, '' AS related_trace_id, ${at("Timestamp")} AS at,
  concat(SpanName, ' (span ', SpanId, if(TraceId = '', ', no trace id', concat(', trace id ', ${safeIdTextSql("TraceId")})), ')') AS detail,
  toUInt8(0) AS recoverable
FROM otel_traces WHERE ${problem} != ''`);
}

/**
 * Log lines without a usable trace id (`missing`: no trace id field at all), and valid ids
 * written another way (`non_canonical`). A truncated id that is the prefix of exactly one
 * stored trace, or a non-canonical one naming a stored trace, is recoverable: the example
 * opens that trace.
 */
export function invalidLogIdsSql(): Sql {
  const prefix = `replaceRegexpAll(${traceHexSql("trace_id_raw")}, '[^0-9a-f]', '')`;
  return sql(`WITH
  bad AS (
    SELECT *, multiIf(trace_id_field = '', 'missing', trace_id_problem != '', toString(trace_id_problem), 'non_canonical') AS kind,
      if(kind = 'truncated' AND length(${prefix}) BETWEEN 8 AND 31, ${prefix}, '') AS prefix
    FROM app_logs
    WHERE trace_id_problem != ''
      OR (trace_id != '' AND trace_id_field != 'traceparent' AND NOT endsWith(trace_id_raw, trace_id))),
  known AS (SELECT DISTINCT TraceId AS t, substring(TraceId, 1, 8) AS t8 FROM otel_traces WHERE ${validTraceIdSql("TraceId")}),
  prefixes AS (SELECT DISTINCT prefix, substring(prefix, 1, 8) AS p8 FROM bad WHERE prefix != ''),
  hits AS (
    SELECT p.prefix AS prefix, groupUniqArray(2)(k.t) AS traces
    FROM prefixes AS p INNER JOIN known AS k ON k.t8 = p.p8
    WHERE startsWith(k.t, p.prefix) GROUP BY p.prefix)
SELECT ${ITEM("invalid_log_trace_id")}, b.kind AS kind,
  if(b.service != '', toString(b.service), replaceRegexpOne(toString(b.source_file), '^.*/', '')) AS service,
  multiIf(length(h.traces) = 1, h.traces[1], b.kind = 'non_canonical' AND b.trace_id IN (SELECT t FROM known), b.trace_id, '') AS trace_id,
  '' AS related_trace_id, ifNull(b.timestamp, ${NO_TIME}) AS at,
  concat(replaceRegexpOne(toString(b.source_file), '^.*/', ''), ':', toString(b.line),
    multiIf(b.kind = 'missing', ', no trace id field', b.kind = 'empty', concat(', ', toString(b.trace_id_field), ' blank'),
      concat(', ', toString(b.trace_id_field), ' ', ${safeIdTextSql("b.trace_id_raw")}))) AS detail,
  toUInt8(trace_id != '') AS recoverable
FROM bad AS b LEFT JOIN hits AS h ON h.prefix = b.prefix`);
}

/**
 * Spans whose parent is not stored. `remote_parent`: a server or consumer span, whose parent
 * lived in the caller (it did not export it); `local_parent`: the parent was in the same
 * process (never ended, or dropped before export).
 */
export function orphanSpansSql(): Sql {
  return sql(`SELECT ${ITEM("orphan_span")},
  if(c.SpanKind IN ${REMOTE_KINDS}, 'remote_parent', 'local_parent') AS kind, c.ServiceName AS service,
  c.TraceId AS trace_id, '' AS related_trace_id, ${at("c.Timestamp")} AS at,
  concat(c.SpanName, ' (span ', c.SpanId, ', parent ', c.ParentSpanId, ' not found)') AS detail, toUInt8(0) AS recoverable
FROM ${SPANS} AS c
LEFT ANTI JOIN (SELECT DISTINCT TraceId, SpanId FROM otel_traces) AS p ON p.TraceId = c.TraceId AND p.SpanId = c.ParentSpanId
WHERE c.ParentSpanId != '' AND ${validTraceIdSql("c.TraceId")}`);
}

/**
 * Consumer spans that start a trace, with the producer of the same `messaging.message.id` in
 * another trace (the earliest), and the traces they link to.
 */
export function consumerRootsSql(): Sql {
  return sql(`WITH
  consumers AS (
    SELECT TraceId, SpanId, ServiceName, SpanName, Timestamp, SpanAttributes['messaging.message.id'] AS msg,
      arrayFilter(t -> t != '' AND t != TraceId, \`Links.TraceId\`) AS linked
    FROM ${SPANS} WHERE ParentSpanId = '' AND ${validTraceIdSql("TraceId")} AND ${CONSUMER}),
  producers AS (
    SELECT SpanAttributes['messaging.message.id'] AS msg, TraceId, ServiceName, Timestamp
    FROM otel_traces WHERE msg != '' AND ${validTraceIdSql("TraceId")} AND ${PRODUCER})
SELECT c.TraceId AS trace_id, c.SpanId AS span_id, c.ServiceName AS service, c.SpanName AS name,
  c.Timestamp AS at, c.msg AS msg, c.linked AS linked,
  argMinIf(p.TraceId, p.Timestamp, p.TraceId != '') AS producer_trace,
  argMinIf(p.ServiceName, p.Timestamp, p.TraceId != '') AS producer_service
FROM consumers AS c
LEFT JOIN producers AS p ON p.msg = c.msg AND c.msg != '' AND p.TraceId != c.TraceId
GROUP BY c.TraceId, c.SpanId, c.ServiceName, c.SpanName, c.Timestamp, c.msg, c.linked`);
}

/**
 * Queue consumers that started a new trace without a link to their producer's trace, the
 * producer found by message id: one request split over two trace ids.
 */
export function queueSplitsSql(): Sql {
  return sql(`SELECT ${ITEM("queue_split")}, 'no_link' AS kind, service, trace_id,
  producer_trace AS related_trace_id, ${at("at")} AS at,
  concat(name, ': message ', msg, ' published by ', producer_service, ' in trace ', producer_trace) AS detail,
  toUInt8(1) AS recoverable
FROM (${consumerRootsSql().text})
WHERE empty(linked) AND producer_trace != ''`);
}

/** Counts of consumer roots: all, linked to another trace, split without a link, producer not in the data. */
export function consumerCountsSql(): Sql {
  return sql(`SELECT count() AS n_roots, countIf(NOT empty(linked)) AS n_linked,
  countIf(empty(linked) AND producer_trace != '') AS n_split, countIf(empty(linked) AND producer_trace = '') AS n_unknown
FROM (${consumerRootsSql().text})`);
}

function cleanSql(column: string): string {
  const v = `trimBoth(ifNull(${column}, ''))`;
  return `if(has({ig_missing:Array(String)}, lower(${v})), '', ${v})`;
}

/**
 * Retries that started a new trace: a call that is the first of its request model in its
 * trace, following (within the window, same service, request model and identity) a
 * 429/5xx/timeout attempt that was the last of its trace. "First" and "last" compare with
 * whole attempts (nothing in the trace ended before it started / started after it ended), so
 * a ledger row and a span of the same attempt that were not linked do not hide each other.
 * One item per (trace, failed trace). `calls` is a calls relation (`llm_calls` columns).
 */
export function retryNewTraceSql(calls: string, windowSeconds: number, missing: readonly string[]): Sql {
  const model = "coalesce(nullIf(request_model, ''), nullIf(response_model, ''), '')";
  const ids = `${cleanSql("tenant")} AS tn, ${cleanSql("team")} AS tm, ${cleanSql("workload")} AS wl`;
  const prev = (col: string) => `any(${col}) OVER w AS prev_${col}`;
  return sql(
    `SELECT ${ITEM("retry_new_trace")}, prev_status AS kind, service_name AS service, trace_id,
  prev_trace_id AS related_trace_id, ${at("start_time")} AS at,
  concat(model, ' attempt after a ', prev_status, ' in trace ', prev_trace_id, ' ',
    toString(round((toUnixTimestamp64Milli(start_time) - toUnixTimestamp64Milli(prev_end_time)) / 1000, 1)), ' s earlier') AS detail,
  toUInt8(1) AS recoverable
FROM (
  SELECT *, ${prev("status")}, ${prev("trace_id")}, ${prev("end_time")}, ${prev("last_of_trace")},
    row_number() OVER (PARTITION BY service_name, model, tn, tm, wl ORDER BY start_time, call_key) AS n
  FROM (
    SELECT call_key, trace_id, service_name, status, start_time, end_time, ${model} AS model, ${ids},
      min(end_time) OVER (PARTITION BY trace_id, model) >= start_time AS first_of_trace,
      max(start_time) OVER (PARTITION BY trace_id, model) <= end_time AS last_of_trace
    FROM ${calls} WHERE trace_id != '')
  WINDOW w AS (PARTITION BY service_name, model, tn, tm, wl ORDER BY start_time, call_key
    ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING))
WHERE n > 1 AND first_of_trace AND prev_last_of_trace AND prev_trace_id != trace_id
  AND has({ig_triggers:Array(String)}, prev_status)
  AND toUnixTimestamp64Milli(start_time) - toUnixTimestamp64Milli(prev_end_time) BETWEEN 0 AND {ig_window_ms:Int64}
ORDER BY at, service LIMIT 1 BY trace_id, related_trace_id`,
    {
      ig_missing: [...missing],
      ig_triggers: [...RETRY_TRIGGERS],
      ig_window_ms: Math.round(windowSeconds * 1000),
    },
  );
}

/**
 * Log lines whose (valid) trace id matches no stored span: `gateway_only` when a gateway row
 * carries that trace id (the app's spans never arrived), else `unknown` (an id of its own).
 */
export function unknownLogTracesSql(): Sql {
  return sql(`SELECT ${ITEM("log_unknown_trace")},
  if(trace_id IN (SELECT trace_id FROM llm_calls WHERE source = 'gateway' AND trace_id != ''), 'gateway_only', 'unknown') AS kind,
  if(service != '', toString(service), replaceRegexpOne(toString(source_file), '^.*/', '')) AS service,
  trace_id, '' AS related_trace_id, ifNull(timestamp, ${NO_TIME}) AS at,
  concat(replaceRegexpOne(toString(source_file), '^.*/', ''), ':', toString(line), ', trace ', trace_id) AS detail,
  toUInt8(0) AS recoverable
FROM app_logs
WHERE trace_id != '' AND trace_id NOT IN (SELECT DISTINCT TraceId FROM otel_traces WHERE TraceId != '')`);
}
