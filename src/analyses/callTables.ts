import type { Sql } from "../engine/sql.js";
import { callIdentitySql } from "./identitySql.js";
import { familiesSql, nsSql, traceIdSql } from "./sqlFns.js";
import { q, replaceTable } from "./sqlText.js";

/**
 * `audit_gateway`: one row per gateway call (ledger row). Rows sharing a call key (the same
 * request id exported twice) are one call; `copies` keeps the count so it is reported.
 * The trace id is the normalised one, else the gateway row's own.
 */
export function buildGatewayCalls(): Sql {
  const rowTrace = `if(${traceIdSql("c.trace_id")} != '', ${traceIdSql("c.trace_id")}, ${traceIdSql("r.trace_id")})`;
  return replaceTable(
    "audit_gateway",
    "call_key",
    q`SELECT c.call_key AS call_key, count() OVER (PARTITION BY c.call_key) AS copies,
  ${rowTrace} AS row_trace,
  ifNull(c.request_id, '') AS request_id, ifNull(c.response_id, '') AS response_id,
  ${callIdentitySql()} AS ids, lower(ifNull(c.key_hash, '')) AS key_hash,
  c.status AS status, c.stream AS stream,
  ${nsSql("c.start_time")} AS start_ns, ${nsSql("c.end_time")} AS end_ns,
  c.request_model AS request_model, c.response_model AS response_model,
  ${familiesSql("c.request_model", "c.response_model")} AS families,
  c.input_tokens AS input_tokens, c.output_tokens AS output_tokens,
  k.cost AS cost
FROM llm_calls AS c
LEFT JOIN (SELECT source_file, source_line, any(trace_id) AS trace_id FROM gateway_rows GROUP BY source_file, source_line) AS r
  ON r.source_file = c.source_file AND r.source_line = c.source_line
LEFT JOIN audit_call_cost AS k ON k.call_key = c.call_key
WHERE c.source = 'gateway'
ORDER BY c.call_key, c.source_file, c.source_line
LIMIT 1 BY c.call_key`,
  );
}

/**
 * `audit_span_calls`: one row per LLM span call with its place in the trace: the group root
 * (call site) it belongs to and its depth, so hop spans of one call are never counted twice.
 */
export function buildSpanCalls(): Sql {
  return replaceTable(
    "audit_span_calls",
    "call_key",
    q`SELECT c.call_key AS call_key, c.trace_id AS trace_id, c.span_id AS span_id,
  t.group_root AS group_root, t.depth AS depth, t.service AS service,
  ifNull(c.response_id, '') AS response_id,
  c.request_model AS request_model, c.response_model AS response_model,
  ${familiesSql("c.request_model", "c.response_model")} AS families,
  c.input_tokens AS input_tokens, c.output_tokens AS output_tokens,
  ${nsSql("c.start_time")} AS start_ns, ${nsSql("c.end_time")} AS end_ns,
  c.stream AS stream, c.status AS status, k.cost AS cost
FROM (SELECT * FROM llm_calls WHERE source = 'span' ORDER BY call_key LIMIT 1 BY call_key) AS c
INNER JOIN audit_span_tree AS t ON t.trace_id = c.trace_id AND t.span_id = c.span_id
LEFT JOIN audit_call_cost AS k ON k.call_key = c.call_key`,
  );
}

/**
 * `audit_groups`: span calls merged per call (trace, group root = call site): how many
 * gateway rows link to it, whether it shows a provider call (usage or a response id) and its
 * cost (the largest its spans report, as hops repeat the call site's usage), and what it
 * says (identity of the call site, models and tokens nearest the call site).
 */
export function buildSpanGroups(): Sql {
  const first = (col: string) => `argMinIf(s.${col}, (s.depth, s.start_ns), s.${col} IS NOT NULL) AS ${col}`;
  return replaceTable(
    "audit_groups",
    "(trace_id, group_root)",
    q`SELECT s.trace_id AS trace_id, s.group_root AS group_root,
  argMin(s.call_key, (s.depth, s.start_ns)) AS call_key, argMin(s.service, (s.depth, s.start_ns)) AS service,
  uniqExactIf(l.gateway_key, l.gateway_key != '') AS rows,
  max(ifNull(s.input_tokens, 0) + ifNull(s.output_tokens, 0) > 0) AS has_usage,
  argMinIf(s.response_id, (s.depth, s.start_ns), s.response_id != '') AS response_id,
  ${first("request_model")}, ${first("response_model")}, ${first("input_tokens")}, ${first("output_tokens")},
  any(t.ids) AS ids, max(s.cost) AS cost, min(s.start_ns) AS start_ns
FROM audit_span_calls AS s
LEFT JOIN call_links AS l ON l.span_key = s.call_key
LEFT JOIN audit_span_tree AS t ON t.trace_id = s.trace_id AND t.span_id = s.group_root
GROUP BY s.trace_id, s.group_root`,
  );
}

/** `audit_groups` rows that are spend outside the ledger (`gateway_bypass`). */
export const BYPASS_WHERE = "rows = 0 AND (has_usage OR response_id != '')";
