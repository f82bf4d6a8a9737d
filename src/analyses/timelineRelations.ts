import { type Sql, sql } from "../engine/sql.js";
import { MISSING_VALUES } from "../record/identity.js";
import { RETRY_TRIGGERS } from "./retrySql.js";

/**
 * Other traces one trace belongs with: the producer or consumers of a queue message it
 * handled (same `messaging.message.id`), and retries that crossed traces (the same service,
 * request model and identity, a 429/5xx/timeout ending one trace and the next attempt
 * starting another within the window). One row per (span or call, relation, other trace).
 */

/** How another trace relates to this one. */
/** `linked`: a span link (read from the span itself, not from this query). */
export const RELATIONS = ["linked", "message_from", "message_to", "retry_of", "retried_in"] as const;
export type Relation = (typeof RELATIONS)[number];

const T = "{tl_traces:Array(String)}";
const CONSUMER = "SpanKind IN ('Consumer', 'SPAN_KIND_CONSUMER')";

function messagesSql(): string {
  return `SELECT s.SpanId AS span_id, if(${CONSUMER.replaceAll("SpanKind", "s.SpanKind")}, 'message_from', 'message_to') AS relation,
  o.TraceId AS other_trace, any(o.ServiceName) AS other_service, s.TraceId AS tl_for
FROM (SELECT TraceId, SpanId, SpanKind, SpanAttributes['messaging.message.id'] AS m FROM otel_traces WHERE TraceId IN ${T} AND m != '') AS s
INNER JOIN (SELECT TraceId, ServiceName, SpanAttributes['messaging.message.id'] AS m FROM otel_traces
  WHERE m != '' AND TraceId != '') AS o ON o.m = s.m
WHERE o.TraceId != s.TraceId
GROUP BY tl_for, span_id, relation, other_trace`;
}

function clean(column: string): string {
  const v = `trimBoth(ifNull(${column}, ''))`;
  return `if(has({tl_missing:Array(String)}, lower(${v})), '', ${v})`;
}

/** Per (trace, service, model, identity): first start, last end, last status, first span. */
function groupsSql(where: string): string {
  const model = "coalesce(nullIf(request_model, ''), nullIf(response_model, ''), '')";
  return `SELECT trace_id, service_name AS service, ${model} AS model,
  ${clean("tenant")} AS tn, ${clean("team")} AS tm, ${clean("workload")} AS wl,
  min(toUnixTimestamp64Milli(start_time)) AS first_ms, max(toUnixTimestamp64Milli(end_time)) AS last_ms,
  argMax(toString(status), (start_time, call_key)) AS last_status,
  argMin(span_id, (start_time, call_key)) AS first_span, argMax(span_id, (start_time, call_key)) AS last_span
FROM llm_calls WHERE source IN ('span', 'gateway') AND ${where} GROUP BY trace_id, service, model, tn, tm, wl`;
}

function retriesSql(): string {
  const same = "o.service = m.service AND o.model = m.model AND o.tn = m.tn AND o.tm = m.tm AND o.wl = m.wl";
  const failed = (g: string) => `has({tl_triggers:Array(String)}, ${g}.last_status)`;
  // `others` of one requested trace: every other trace's groups.
  const other = "o.trace_id != m.trace_id";
  return `WITH mine AS (${groupsSql(`trace_id IN ${T}`)}),
  others AS (${groupsSql("trace_id != ''")})
SELECT m.first_span AS span_id, 'retry_of' AS relation, o.trace_id AS other_trace, o.service AS other_service, m.trace_id AS tl_for
FROM mine AS m INNER JOIN others AS o ON ${same}
WHERE ${other} AND ${failed("o")} AND m.first_ms - o.last_ms BETWEEN 0 AND {tl_window_ms:Int64}
UNION ALL
SELECT m.last_span, 'retried_in', o.trace_id, o.service, m.trace_id
FROM mine AS m INNER JOIN others AS o ON ${same}
WHERE ${other} AND ${failed("m")} AND o.first_ms - m.last_ms BETWEEN 0 AND {tl_window_ms:Int64}`;
}

/** The relations of each of `traceIds` to other traces, each row naming its trace (`tl_for`). */
export function relationsSql(traceIds: readonly string[], retryWindowSeconds: number): Sql {
  return sql(
    `SELECT * FROM (${messagesSql()}) UNION ALL SELECT * FROM (${retriesSql()})
ORDER BY span_id, relation, other_trace`,
    {
      tl_traces: [...traceIds],
      tl_missing: [...MISSING_VALUES],
      tl_triggers: [...RETRY_TRIGGERS],
      tl_window_ms: Math.round(retryWindowSeconds * 1000),
    },
  );
}
