import { type Sql, sql } from "../engine/sql.js";
import { callIdentitySql } from "./identitySql.js";
import { nanos } from "./options.js";
import { familiesSql, nsSql, traceIdSql } from "./sqlFns.js";
import { q, replaceTable } from "./sqlText.js";

/**
 * Proxy captures (HAR) as evidence of calls (DESIGN.md sections 1 and 3). A capture joins a
 * gateway row or a span call by the response id in its response body; a capture without one
 * joins by the trace id of its `traceparent` header (nearest start in that trace, same model
 * family, within the match window). A capture that reaches a span call whose spans link to a
 * row reaches that row too, so a call seen as span + capture + row stays one call.
 */

/** How a capture was joined to the ledger or the spans, in the order the rules are tried. */
export const CAPTURE_JOIN_RULES = ["response_id", "trace_id"] as const;
export type CaptureJoinRule = (typeof CAPTURE_JOIN_RULES)[number];

/** Retry-chain key of a capture with no trace id: same key hash and request path (its model apart). */
export function captureRetryKeySql(keyHash: string, path: string): string {
  return `if(ifNull(${keyHash}, '') != '', concat('key:', lower(${keyHash}), ':', ifNull(${path}, '')), '')`;
}

/** `audit_capture_calls`: one row per captured call (`llm_calls` source 'capture'). */
export function buildCaptureCalls(): Sql {
  return replaceTable(
    "audit_capture_calls",
    "call_key",
    q`SELECT c.call_key AS call_key, ${traceIdSql("c.trace_id")} AS trace_id,
  ifNull(c.response_id, '') AS response_id, ${callIdentitySql()} AS ids,
  lower(ifNull(c.key_hash, '')) AS key_hash, ${captureRetryKeySql("c.key_hash", "c.span_name")} AS retry_key,
  c.status AS status, ${nsSql("c.start_time")} AS start_ns, ${nsSql("c.end_time")} AS end_ns,
  c.request_model AS request_model, c.response_model AS response_model,
  ${familiesSql("c.request_model", "c.response_model")} AS families,
  ifNull(c.input_tokens, 0) + ifNull(c.output_tokens, 0) > 0 AS has_usage, k.cost AS cost
FROM (SELECT * FROM llm_calls WHERE source = 'capture' ORDER BY call_key LIMIT 1 BY call_key) AS c
LEFT JOIN audit_call_cost AS k ON k.call_key = c.call_key`,
  );
}

const GATEWAY_IDS = `SELECT call_key, arrayJoin(arrayDistinct(arrayFilter(x -> x != '', [request_id, response_id]))) AS rid
    FROM audit_gateway`;
const GATEWAY_TRACES = `SELECT gw.call_key AS call_key, if(e.trace_id != '', e.trace_id, gw.row_trace) AS trace,
    gw.families AS families, gw.start_ns AS start_ns
    FROM audit_gateway AS gw LEFT JOIN audit_link_ends AS e ON e.gk = gw.call_key`;
const FAMILIES_AGREE = "(empty(a.families) OR empty(b.families) OR hasAny(a.families, b.families))";

/** Candidate joins `(capture_key, gk, span_group, rule, dist)`: gk or span_group is set. */
function candidatesSql(windowSeconds: number): string {
  const w = nanos(windowSeconds);
  const near = `b.start_ns BETWEEN a.start_ns - ${w} AND a.end_ns + ${w}`;
  return `WITH
  spread AS (SELECT response_id, uniqExact(trace_id) AS traces FROM audit_span_calls WHERE response_id != '' GROUP BY response_id)
SELECT a.call_key AS capture_key, i.call_key AS gk, '' AS span_group, 'response_id' AS rule, toInt64(0) AS dist
FROM audit_capture_calls AS a INNER JOIN (${GATEWAY_IDS}) AS i ON i.rid = a.response_id
WHERE a.response_id != ''
UNION ALL
SELECT a.call_key, '', concat(s.trace_id, ':', s.group_root), 'response_id', toInt64(0)
FROM audit_capture_calls AS a
INNER JOIN audit_span_calls AS s ON s.response_id = a.response_id
INNER JOIN spread AS d ON d.response_id = s.response_id
WHERE a.response_id != '' AND (d.traces = 1 OR s.trace_id = a.trace_id)
UNION ALL
SELECT a.call_key, b.call_key, '', 'trace_id', toInt64(abs(b.start_ns - a.start_ns))
FROM audit_capture_calls AS a INNER JOIN (${GATEWAY_TRACES}) AS b ON b.trace = a.trace_id
WHERE a.response_id = '' AND a.trace_id != '' AND ${FAMILIES_AGREE} AND ${near}
UNION ALL
SELECT a.call_key, '', concat(b.trace_id, ':', b.group_root), 'trace_id', toInt64(abs(b.start_ns - a.start_ns))
FROM audit_capture_calls AS a INNER JOIN audit_span_calls AS b ON b.trace_id = a.trace_id
WHERE a.response_id = '' AND a.trace_id != '' AND ${FAMILIES_AGREE} AND ${near}`;
}

/**
 * `audit_capture_ends`: per capture, the rule that joined it ('' when none), the gateway call
 * it is evidence of (directly, or through its span call's link; '' when none) and that span
 * call (`trace:group_root`, '' when none). Per rule the nearest candidate wins.
 */
export function buildCaptureEnds(windowSeconds: number): Sql {
  const viaSpans = `SELECT concat(s.trace_id, ':', s.group_root) AS span_group, min(l.gateway_key) AS gk
    FROM call_links AS l INNER JOIN audit_span_calls AS s ON s.call_key = l.span_key GROUP BY span_group`;
  return replaceTable(
    "audit_capture_ends",
    "capture_key",
    sql(`WITH cand AS (${candidatesSql(windowSeconds)}),
  best AS (
    SELECT c.capture_key AS capture_key, argMin(c.rule, c.rule != 'response_id') AS first_rule,
      argMinIf(c.gk, (c.rule != 'response_id', c.dist, c.gk), c.gk != '') AS direct_gk,
      argMinIf(c.span_group, (c.rule != 'response_id', c.dist, c.span_group), c.span_group != '') AS best_group
    FROM cand AS c GROUP BY c.capture_key)
SELECT a.call_key AS capture_key, a.trace_id AS trace_id, a.retry_key AS retry_key, a.status AS status,
  b.first_rule AS rule, b.best_group AS span_group,
  if(b.direct_gk != '', b.direct_gk, v.gk) AS gk
FROM audit_capture_calls AS a
LEFT JOIN best AS b ON b.capture_key = a.call_key
LEFT JOIN (${viaSpans}) AS v ON v.span_group = b.best_group AND b.best_group != ''`),
  );
}

/**
 * `audit_capture_values`: per gateway call with captures, what they carried per layer
 * (headers, body `user`, body `metadata`), their trace and retry key and the team their key
 * hash maps to through the key table (a master key maps to none).
 */
export function buildCaptureValues(masterKeyHashes: readonly string[], learnMasterKeys: boolean): Sql {
  const master = sql("{cap_master_keys:Array(String)}", { cap_master_keys: [...masterKeyHashes] });
  const learned = learnMasterKeys ? "k.is_master = 1" : "false";
  const pick = [1, 2, 3].map((li) => `argMinIf(a.ids[${li}], (a.start_ns, a.call_key), a.ids[${li}] != '')`);
  return replaceTable(
    "audit_capture_values",
    "gk",
    q`WITH
  keys AS (SELECT lower(key_hash) AS key_hash, max(is_master) AS is_master, any(team_id) AS team_id
    FROM gateway_keys GROUP BY key_hash),
  teams AS (SELECT team_id, any(team_alias) AS team_alias FROM gateway_teams GROUP BY team_id)
SELECT e.gk AS gk, [${pick.join(", ")}] AS capture_vals,
  argMinIf(a.trace_id, a.start_ns, a.trace_id != '') AS capture_trace,
  argMinIf(a.retry_key, a.start_ns, a.retry_key != '') AS capture_retry_key,
  argMinIf(a.status, a.start_ns, a.status != '') AS capture_status,
  argMinIf(if(tm.team_alias != '', tm.team_alias, k.team_id), a.start_ns,
    a.key_hash != '' AND k.team_id != '' AND NOT (has(${master}, a.key_hash) OR ${learned})) AS capture_key_team
FROM audit_capture_ends AS e
INNER JOIN audit_capture_calls AS a ON a.call_key = e.capture_key
LEFT JOIN keys AS k ON k.key_hash = a.key_hash
LEFT JOIN teams AS tm ON tm.team_id = k.team_id
WHERE e.gk != ''
GROUP BY e.gk`,
  );
}

/**
 * Captures that are spend outside the ledger (over `audit_capture_ends e` joined with
 * `audit_capture_calls a`): no gateway row, no span call (a span call is counted as itself),
 * and usage reported.
 */
export const CAPTURE_BYPASS_WHERE = "e.gk = '' AND e.span_group = '' AND a.has_usage";

/** Every statement that builds the capture tables, in order (after `audit_link_ends`). */
export function buildCaptureEvidence(
  windowSeconds: number,
  masterKeyHashes: readonly string[],
  learnMasterKeys: boolean,
): Sql[] {
  return [
    buildCaptureCalls(),
    buildCaptureEnds(windowSeconds),
    buildCaptureValues(masterKeyHashes, learnMasterKeys),
  ];
}
