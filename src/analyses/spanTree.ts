import type { IdentityContract } from "../contract/types.js";
import type { Sql } from "../engine/sql.js";
import { callIdentitySql, spanIdentitySelect } from "./identitySql.js";
import { nsSql } from "./sqlFns.js";
import { q, replaceTable } from "./sqlText.js";

/** Deepest ancestor chain followed; deeper traces are cut there (and cycles never loop). */
const MAX_DEPTH = 64;

/** Span-level signs that the client went away mid-call (status, events, error type, HTTP 499). */
const CANCEL_SIGNAL = `(match(lower(concat(StatusMessage, ' ', arrayStringConcat(\`Events.Name\`, ' '), ' ', SpanAttributes['error.type'])), 'cancel|abort|disconnect|client.?closed')
  OR SpanAttributes['http.response.status_code'] = '499' OR SpanAttributes['http.status_code'] = '499')`;

const PRODUCER = `(SpanKind IN ('Producer', 'SPAN_KIND_PRODUCER')
  OR SpanAttributes['messaging.operation.type'] IN ('publish', 'send', 'create')
  OR SpanAttributes['messaging.operation'] IN ('publish', 'send', 'create'))`;

const SPAN_COLUMNS = `TraceId AS trace_id, SpanId AS span_id, ParentSpanId AS parent, ServiceName AS svc,
  SpanName AS name, SpanKind AS span_kind, ${nsSql("Timestamp")} AS t0, ${nsSql("Timestamp")} + toInt64(Duration) AS t1,
  ${CANCEL_SIGNAL} AS cancel, SpanAttributes['messaging.message.id'] AS msg_id, ${PRODUCER} AS producer,
  arrayMap((t, s) -> (lower(t), lower(s)), \`Links.TraceId\`, \`Links.SpanId\`) AS span_links`;

/**
 * Every span of the traces that hold LLM calls (plus traces they link to through span links
 * or a shared `messaging.message.id`), one row per (trace, span), with its identity per layer.
 * LLM spans come from `llm_calls` (its normalised identity wins); spans only `llm_calls` knows
 * are kept too, so no call is lost when `otel_traces` lacks its span.
 */
export function buildSpanNodes(contract: IdentityContract): Sql {
  return replaceTable(
    "audit_span_nodes",
    "(trace_id, span_id)",
    q`WITH
  base AS (SELECT DISTINCT trace_id FROM llm_calls WHERE trace_id != ''
    UNION DISTINCT SELECT lower(trace_id) FROM gateway_rows WHERE trace_id != ''),
  msg AS (SELECT DISTINCT SpanAttributes['messaging.message.id'] AS m FROM otel_traces
    WHERE TraceId IN (SELECT trace_id FROM base) AND m != ''),
  scope AS (
    SELECT trace_id FROM base
    UNION DISTINCT SELECT arrayJoin(\`Links.TraceId\`) FROM otel_traces WHERE TraceId IN (SELECT trace_id FROM base)
    UNION DISTINCT SELECT TraceId FROM otel_traces WHERE SpanAttributes['messaging.message.id'] IN (SELECT m FROM msg)),
  raw AS (
    SELECT trace_id, span_id, any(parent) AS parent_span_id, any(svc) AS service, any(name) AS span_name,
      any(span_kind) AS kind, min(t0) AS start_ns, max(t1) AS end_ns, any(ids) AS attr_ids,
      max(cancel) AS cancel_signal, any(msg_id) AS message_id, max(producer) AS is_producer,
      any(span_links) AS links, count() AS copies
    FROM (${spanIdentitySelect(contract, SPAN_COLUMNS, "TraceId IN (SELECT trace_id FROM scope) AND SpanId != ''")})
    GROUP BY trace_id, span_id),
  llm AS (
    SELECT trace_id, span_id, any(call_key) AS call_key, any(if(trace_id = '', '', parent_span_id)) AS parent_span_id,
      any(service_name) AS service, any(span_name) AS span_name,
      min(${nsSql("start_time")}) AS start_ns, max(${nsSql("end_time")}) AS end_ns,
      any(${callIdentitySql()}) AS llm_ids
    FROM llm_calls WHERE source = 'span' GROUP BY trace_id, span_id)
SELECT r.trace_id AS trace_id, r.span_id AS span_id, r.parent_span_id AS parent_span_id, r.service AS service,
  r.span_name AS span_name, r.kind AS kind, r.start_ns AS start_ns, r.end_ns AS end_ns,
  arrayMap((a, b) -> if(a != '', a, b), if(l.call_key = '', ['', '', ''], l.llm_ids), r.attr_ids) AS ids,
  toUInt8(r.cancel_signal) AS cancel_signal, r.message_id AS message_id, toUInt8(r.is_producer) AS is_producer,
  r.links AS links, toUInt64(r.copies) AS copies, l.call_key AS call_key
FROM raw AS r LEFT JOIN llm AS l ON l.trace_id = r.trace_id AND l.span_id = r.span_id
UNION ALL
SELECT trace_id, span_id, parent_span_id, service, span_name, 'Client', start_ns, end_ns, llm_ids,
  toUInt8(0), '', toUInt8(0), CAST([], 'Array(Tuple(String, String))'), toUInt64(0), call_key
FROM llm WHERE (trace_id, span_id) NOT IN (SELECT TraceId, SpanId FROM otel_traces WHERE TraceId IN (SELECT trace_id FROM scope))`,
  );
}

/**
 * `audit_span_tree`: the nodes with their ancestor chain (parent first), depth, and for LLM
 * spans the group root: the outermost LLM span above or at it. Several LLM spans of one call
 * (SDK span, internal gateway, the gateway's own span) share a group root, the call site.
 */
export function buildSpanTree(): Sql {
  const parentOf = "parent_of[acc[-1]]";
  return replaceTable(
    "audit_span_tree",
    "(trace_id, span_id)",
    q`WITH shape AS (
  SELECT trace_id, span_id, llm_spans,
    arrayPopFront(arrayFold((acc, i) -> if(${parentOf} != '' AND mapContains(parent_of, ${parentOf})
      AND NOT has(acc, ${parentOf}), arrayPushBack(acc, ${parentOf}), acc), range(least(length(spans), ${MAX_DEPTH})), [span_id])) AS ancestors
  FROM (
    SELECT trace_id, groupArray(span_id) AS spans, groupArrayIf(span_id, call_key != '') AS llm_spans,
      mapFromArrays(groupArray(span_id), groupArray(parent_span_id)) AS parent_of
    FROM audit_span_nodes GROUP BY trace_id)
  ARRAY JOIN spans AS span_id)
SELECT n.*, s.ancestors AS ancestors, toUInt32(length(s.ancestors)) AS depth,
  if(n.call_key = '', '', if(empty(arrayFilter(a -> has(s.llm_spans, a), s.ancestors)), n.span_id,
    arrayFilter(a -> has(s.llm_spans, a), s.ancestors)[-1])) AS group_root
FROM audit_span_nodes AS n INNER JOIN shape AS s ON s.trace_id = n.trace_id AND s.span_id = n.span_id`,
  );
}
