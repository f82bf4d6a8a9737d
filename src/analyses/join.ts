import type { Sql } from "../engine/sql.js";
import { nanos } from "./options.js";
import { q } from "./sqlText.js";

/** How a gateway call was linked to span evidence, in the order the rules are tried (DESIGN.md section 1). */
export const JOIN_RULES = ["response_id", "trace_id", "fuzzy"] as const;
export type JoinRule = (typeof JOIN_RULES)[number];

const GROUP = "concat(s.trace_id, ':', s.group_root)";
const LINKED_GROUPS = `(SELECT DISTINCT concat(trace_id, ':', group_root) FROM audit_span_calls
  WHERE call_key IN (SELECT span_key FROM call_links))`;
const UNLINKED_ROWS = "g.call_key NOT IN (SELECT gateway_key FROM call_links)";

/** `call_links (gateway_key, span_key, rule)`, empty; the rules fill it in order. */
export function createCallLinks(): Sql[] {
  return [
    q`CREATE OR REPLACE TABLE call_links (gateway_key String, span_key String, rule LowCardinality(String))
  ENGINE = MergeTree ORDER BY (gateway_key, span_key)`,
    q`CREATE OR REPLACE TABLE audit_link_candidates (gateway_key String, span_key String, span_group String,
  rule LowCardinality(String)) ENGINE = MergeTree ORDER BY (rule, gateway_key)`,
  ];
}

/**
 * Rule 1: the span's response id equals the row's request id or response id. A response id
 * that spans of several traces share (mock providers, masked Responses API ids) only links
 * inside the row's own trace. Every span carrying the id links: call site and hops alike.
 */
export function linkByResponseId(): Sql {
  return q`INSERT INTO call_links
WITH ids AS (
    SELECT call_key, row_trace, arrayJoin(arrayDistinct(arrayFilter(x -> x != '', [request_id, response_id]))) AS rid
    FROM audit_gateway),
  spread AS (SELECT response_id, uniqExact(trace_id) AS traces FROM audit_span_calls WHERE response_id != '' GROUP BY response_id)
SELECT DISTINCT i.call_key, s.call_key, 'response_id'
FROM ids AS i
INNER JOIN audit_span_calls AS s ON s.response_id = i.rid
INNER JOIN spread AS d ON d.response_id = s.response_id
WHERE d.traces = 1 OR s.trace_id = i.row_trace`;
}

/**
 * Rule 2, for rows still unlinked that carry a trace id: the LLM span of that trace whose time
 * covers the row's start (within the window) and whose model family agrees. Preferred: equal
 * tokens, then a span no other row claimed (a retried attempt's own span), then the nearest start.
 * One span per row; the call's other spans follow from the trace tree.
 */
export function linkByTraceId(windowSeconds: number): Sql[] {
  const w = nanos(windowSeconds);
  const candidates = q`INSERT INTO audit_link_candidates
SELECT g.call_key, s.call_key, ${GROUP}, 'trace_id'
FROM audit_gateway AS g INNER JOIN audit_span_calls AS s ON s.trace_id = g.row_trace
WHERE g.row_trace != '' AND ${UNLINKED_ROWS}
  AND (empty(g.families) OR empty(s.families) OR hasAny(g.families, s.families))
  AND g.start_ns BETWEEN s.start_ns - ${w} AND s.end_ns + ${w}`;
  const pick = q`INSERT INTO call_links
SELECT c.gateway_key, argMin(c.span_key, (
    NOT ifNull(g.input_tokens = s.input_tokens AND g.output_tokens = s.output_tokens, false),
    c.span_key IN (SELECT span_key FROM call_links),
    abs(s.start_ns - g.start_ns), c.span_key)), 'trace_id'
FROM audit_link_candidates AS c
INNER JOIN audit_gateway AS g ON g.call_key = c.gateway_key
INNER JOIN audit_span_calls AS s ON s.call_key = c.span_key
WHERE c.rule = 'trace_id'
GROUP BY c.gateway_key`;
  return [candidates, pick];
}

/**
 * Rule 3, for rows still unlinked: same model family, same input and output tokens (stated,
 * not all zero), starts within the window, against calls no row claimed yet. One-to-one:
 * a row with candidates in several calls, or a call wanted by several rows, stays unlinked.
 */
export function linkFuzzy(windowSeconds: number): Sql[] {
  const w = nanos(windowSeconds);
  const candidates = q`INSERT INTO audit_link_candidates
SELECT g.call_key, s.call_key, ${GROUP}, 'fuzzy'
FROM audit_gateway AS g
INNER JOIN audit_span_calls AS s ON s.input_tokens = g.input_tokens AND s.output_tokens = g.output_tokens
WHERE ${UNLINKED_ROWS} AND g.input_tokens + g.output_tokens > 0
  AND hasAny(g.families, s.families) AND abs(s.start_ns - g.start_ns) <= ${w}
  AND ${GROUP} NOT IN ${LINKED_GROUPS}`;
  const pick = q`INSERT INTO call_links
WITH c AS (SELECT * FROM audit_link_candidates WHERE rule = 'fuzzy'),
  lonely_rows AS (SELECT gateway_key FROM c GROUP BY gateway_key HAVING uniqExact(span_group) = 1),
  lonely_calls AS (SELECT span_group FROM c GROUP BY span_group HAVING uniqExact(gateway_key) = 1)
SELECT c.gateway_key, argMin(c.span_key, (abs(s.start_ns - g.start_ns), c.span_key)), 'fuzzy'
FROM c
INNER JOIN audit_gateway AS g ON g.call_key = c.gateway_key
INNER JOIN audit_span_calls AS s ON s.call_key = c.span_key
WHERE c.gateway_key IN (SELECT gateway_key FROM lonely_rows) AND c.span_group IN (SELECT span_group FROM lonely_calls)
GROUP BY c.gateway_key`;
  return [candidates, pick];
}

/** Every statement that builds `call_links`, in order. */
export function buildCallLinks(windowSeconds: number): Sql[] {
  return [
    ...createCallLinks(),
    linkByResponseId(),
    ...linkByTraceId(windowSeconds),
    ...linkFuzzy(windowSeconds),
  ];
}
