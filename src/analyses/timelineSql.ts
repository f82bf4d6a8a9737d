import type { IdentityContract } from "../contract/types.js";
import { type Sql, sql } from "../engine/sql.js";
import { callIdentitySql, spanIdentitySelect } from "./identitySql.js";
import { CAPTURE_FIELDS_SQL, mapIdentitySql } from "./mapIdentity.js";
import { joinSql, q } from "./sqlText.js";
import { traceHexSql } from "./traceIdSql.js";

/**
 * The statement behind `spendtrail trace` and the report's timelines: every piece of evidence
 * of the requested traces, one row per (event, trace it belongs to: `tl_for`) with the same
 * columns, from spans, app log lines, gateway rows and captures. One statement for all the
 * traces: `otel_traces` is ordered by service and span name, so each trace id lookup scans it.
 * The trace ids are bound (`{tl_traces:Array(String)}`); everything else is our own SQL.
 */

const T = "{tl_traces:Array(String)}";
const SPAN_CALLS = `(SELECT * FROM llm_calls WHERE source = 'span' AND trace_id IN ${T} ORDER BY call_key LIMIT 1 BY trace_id, span_id)`;
/** Per response id of the requested traces' LLM spans, the traces holding it. */
const SPAN_RESPONSE_IDS = `(SELECT response_id AS rid, groupUniqArray(trace_id) AS traces FROM llm_calls
  WHERE source = 'span' AND trace_id IN ${T} AND ifNull(response_id, '') != '' GROUP BY rid)`;

/** Columns every part yields, in this order. */
const NONE = {
  duration_ms: "CAST(NULL, 'Nullable(Float64)')",
  ids: "CAST(['', '', ''], 'Array(String)')",
  tokens: "CAST(NULL, 'Nullable(Int64)')",
  spend: "CAST(NULL, 'Nullable(Float64)')",
  links: "CAST([], 'Array(String)')",
};

const callColumns = (
  c: string,
) => `ifNull(${c}.request_model, '') AS request_model, ifNull(${c}.response_model, '') AS response_model,
  ${c}.input_tokens AS input_tokens, ${c}.cache_read_tokens AS cache_read_tokens, ${c}.output_tokens AS output_tokens,
  ifNull(${c}.response_id, '') AS response_id`;
const NO_CALL = `'' AS request_model, '' AS response_model, ${NONE.tokens} AS input_tokens, ${NONE.tokens} AS cache_read_tokens,
  ${NONE.tokens} AS output_tokens, '' AS response_id`;

/** Spans with their identity: an LLM span's normalised call identity first, else its attributes read with the contract. */
function spansSql(contract: IdentityContract): Sql {
  const columns = `Timestamp, Duration, ServiceName, SpanName, SpanKind, StatusCode, SpanId, ParentSpanId,
  SpanAttributes['messaging.message.id'] AS message_id, arrayFilter(t -> t != '' AND t != TraceId, \`Links.TraceId\`) AS linked`;
  const spans = spanIdentitySelect(contract, `${columns}, toString(TraceId) AS tl_for`, `TraceId IN ${T}`);
  return q`SELECT 'span' AS source, toDateTime64(s.Timestamp, 9, 'UTC') AS at, toNullable(s.Duration / 1e6) AS duration_ms,
  toString(s.ServiceName) AS service, toString(s.SpanName) AS operation, toString(s.StatusCode) AS status,
  s.SpanId AS span_id, s.ParentSpanId AS parent_span_id, toString(s.SpanKind) AS span_kind,
  arrayMap((a, b) -> if(a != '', a, b), ${callIdentitySql()}, s.ids) AS ids,
  ifNull(toString(c.status), '') AS call_status, ${callColumns("c")},
  '' AS key_label, c.reported_cost AS spend, s.message_id AS message_id, s.linked AS linked_traces, '' AS id_problem, '' AS ref,
  s.tl_for AS tl_for
FROM (${spans} ORDER BY tl_for, SpanId LIMIT 1 BY tl_for, SpanId) AS s
LEFT JOIN ${SPAN_CALLS} AS c ON c.span_id = s.SpanId AND c.trace_id = s.tl_for`;
}

/**
 * Gateway rows of the trace: carrying its trace id, linked by the audit's `call_links` (when
 * built) or sharing a response id with one of its LLM spans.
 */
function gatewaySql(withCallLinks: boolean): Sql {
  // Per gateway row, every requested trace it belongs to: by its trace id, the audit's link or a response id.
  const linked = withCallLinks
    ? `LEFT JOIN (SELECT l.gateway_key AS gateway_key, groupUniqArray(sc.trace_id) AS traces FROM call_links AS l
  INNER JOIN (SELECT call_key, trace_id FROM llm_calls WHERE source = 'span' AND trace_id IN ${T}) AS sc ON sc.call_key = l.span_key
  GROUP BY gateway_key) AS cl ON cl.gateway_key = c.call_key`
    : "";
  const traces = `arrayDistinct(arrayConcat(if(has(${T}, lower(ifNull(c.trace_id, ''))), [lower(ifNull(c.trace_id, ''))], []),
    ${withCallLinks ? "cl.traces" : "CAST([], 'Array(String)')"},
    if(ifNull(c.response_id, '') != '', r1.traces, []), if(ifNull(c.request_id, '') != '', r2.traces, [])))`;
  const key = `multiIf(ifNull(c.key_hash, '') = '', '', k.key_alias != '', k.key_alias, concat(substring(ifNull(c.key_hash, ''), 1, 8), '...'))`;
  return sql(`SELECT 'gateway' AS source, toDateTime64(c.start_time, 9, 'UTC') AS at,
  toNullable((toUnixTimestamp64Nano(c.end_time) - toUnixTimestamp64Nano(c.start_time)) / 1e6) AS duration_ms,
  toString(c.source_format) AS service, 'ledger row' AS operation, toString(c.status) AS status,
  '' AS span_id, '' AS parent_span_id, '' AS span_kind,
  [ifNull(c.tenant, ''), ifNull(c.team, ''), ifNull(c.workload, '')] AS ids,
  toString(c.status) AS call_status, ${callColumns("c")},
  concat(${key}, if(ifNull(c.key_hash, '') != '' AND k.key_hash != '' AND k.team_id = '', ' (key without team)', '')) AS key_label,
  c.reported_cost AS spend, '' AS message_id, ${NONE.links} AS linked_traces, '' AS id_problem,
  ifNull(c.request_id, '') AS ref, arrayJoin(${traces}) AS tl_for
FROM (SELECT * FROM llm_calls WHERE source = 'gateway' ORDER BY call_key LIMIT 1 BY call_key) AS c
LEFT JOIN (SELECT key_hash, any(key_alias) AS key_alias, any(team_id) AS team_id FROM gateway_keys GROUP BY key_hash) AS k
  ON k.key_hash = lower(ifNull(c.key_hash, ''))
${linked}
LEFT JOIN ${SPAN_RESPONSE_IDS} AS r1 ON r1.rid = c.response_id
LEFT JOIN ${SPAN_RESPONSE_IDS} AS r2 ON r2.rid = c.request_id`);
}

/**
 * Log lines of the trace: its id (in any spelling the reader normalised), or a truncated id
 * that is a prefix of it (8 hex or more).
 */
function logsSql(contract: IdentityContract): Sql {
  const prefix = `replaceRegexpAll(${traceHexSql("trace_id_raw")}, '[^0-9a-f]', '')`;
  return q`SELECT 'log' AS source, toDateTime64(ifNull(timestamp, toDateTime64(0, 9, 'UTC')), 9, 'UTC') AS at,
  latency_ms AS duration_ms, if(service != '', toString(service), replaceRegexpOne(toString(source_file), '^.*/', '')) AS service,
  if(event_name != '', toString(event_name), concat('log ', if(level != '', toString(level), 'line'))) AS operation,
  toString(status) AS status, span_id, '' AS parent_span_id, toString(level) AS span_kind,
  ${mapIdentitySql(contract, "identity", "tl_log")} AS ids, '' AS call_status, ${NO_CALL},
  '' AS key_label, ${NONE.spend} AS spend, '' AS message_id, ${NONE.links} AS linked_traces,
  multiIf(trace_id_problem = 'truncated', 'truncated', trace_id != '' AND trace_id_field != 'traceparent' AND NOT endsWith(trace_id_raw, trace_id), 'non_canonical', '') AS id_problem,
  concat(replaceRegexpOne(toString(source_file), '^.*/', ''), ':', toString(line)) AS ref,
  arrayJoin(arrayFilter(t -> t = trace_id OR (trace_id_problem = 'truncated' AND length(${prefix}) >= 8 AND startsWith(t, ${prefix})), ${T})) AS tl_for
FROM app_logs
WHERE trace_id IN ${T} OR trace_id_problem = 'truncated'`;
}

function capturesSql(contract: IdentityContract): Sql {
  return q`SELECT 'capture' AS source, toDateTime64(ifNull(started_at, toDateTime64(0, 9, 'UTC')), 9, 'UTC') AS at,
  duration_ms, toString(host) AS service, concat(toString(method), ' ', toString(path)) AS operation,
  ifNull(toString(response_status), '') AS status, span_id, '' AS parent_span_id, '' AS span_kind,
  ${mapIdentitySql(contract, CAPTURE_FIELDS_SQL, "tl_cap")} AS ids,
  multiIf(response_status IS NULL, 'client_cancelled', response_status = 429, 'rate_limited',
    response_status IN (408, 504), 'timeout', response_status >= 500, 'provider_error',
    response_status >= 400, 'validation_error', 'ok') AS call_status, ${callColumns("captures")},
  '' AS key_label, reported_cost AS spend, '' AS message_id, ${NONE.links} AS linked_traces, '' AS id_problem,
  concat(replaceRegexpOne(toString(source_file), '^.*/', ''), '#', toString(entry)) AS ref,
  arrayJoin(arrayDistinct(arrayConcat(if(has(${T}, ifNull(captures.trace_id, '')), [ifNull(captures.trace_id, '')], []),
    if(ifNull(captures.response_id, '') != '', r.traces, [])))) AS tl_for
FROM captures
LEFT JOIN ${SPAN_RESPONSE_IDS} AS r ON r.rid = captures.response_id`;
}

/**
 * Every event of the traces `traceIds` (lowercase 32 hex), in time order, each row naming the
 * trace it belongs to (`tl_for`; an event can belong to several). `withCallLinks`: the audit's
 * `call_links` exists.
 */
export function timelinesSql(
  traceIds: readonly string[],
  contract: IdentityContract,
  withCallLinks: boolean,
): Sql {
  const parts = [spansSql(contract), gatewaySql(withCallLinks), logsSql(contract), capturesSql(contract)];
  const union = joinSql(
    parts.map((p) => q`SELECT * FROM (${p})`),
    "\nUNION ALL\n",
  );
  return q`SELECT *, toString(at) AS at_text, toInt64(toUnixTimestamp64Micro(at)) AS at_us FROM (${union})
ORDER BY at, multiIf(source = 'span', 0, source = 'capture', 1, source = 'gateway', 2, 3), span_id, ref${sql("", { tl_traces: [...traceIds] })}`;
}

/** Every event of `traceId` (lowercase 32 hex), in time order. `withCallLinks`: the audit's `call_links` exists. */
export function timelineSql(traceId: string, contract: IdentityContract, withCallLinks: boolean): Sql {
  return timelinesSql([traceId], contract, withCallLinks);
}
