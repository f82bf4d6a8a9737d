import type { Engine } from "../engine/engine.js";
import type { Sql } from "../engine/sql.js";
import { BYPASS_WHERE } from "./callTables.js";
import { CAPTURE_BYPASS_WHERE } from "./captureEvidence.js";
import { nanos } from "./options.js";
import type { CaptureJoinStats, JoinStats } from "./result.js";
import { q } from "./sqlText.js";

const GATEWAY_IDS = `SELECT call_key, arrayJoin(arrayDistinct(arrayFilter(x -> x != '', [request_id, response_id]))) AS rid
  FROM audit_gateway`;
const MISSING = "(input_tokens IS NULL OR output_tokens IS NULL)";
const ZERO = "(input_tokens = 0 AND output_tokens = 0)";

/** One row of counts read from the working tables (see JoinStats for the meanings). */
export function joinStatsSql(windowSeconds: number): Sql {
  const w = nanos(windowSeconds);
  return q`SELECT
  (SELECT count() FROM llm_calls WHERE source = 'gateway') AS gateway_rows,
  (SELECT count() FROM audit_gateway) AS gateway_calls,
  (SELECT count() FROM audit_span_calls) AS span_calls,
  (SELECT count() FROM audit_groups) AS span_groups,
  (SELECT countIf(rule = 'response_id') FROM audit_link_ends) AS by_response_id,
  (SELECT countIf(rule = 'trace_id') FROM audit_link_ends) AS by_trace_id,
  (SELECT countIf(rule = 'fuzzy') FROM audit_link_ends) AS by_fuzzy,
  (SELECT count() FROM audit_trace_evidence) AS unmatched_known_trace,
  (SELECT countIf(rows = 0) FROM audit_groups) AS unmatched_spans,
  (SELECT countIf(${BYPASS_WHERE}) FROM audit_groups) AS bypass,
  (SELECT countIf(rows > 1) FROM audit_groups) AS over_several_rows,
  (SELECT count() FROM (SELECT rid FROM (${GATEWAY_IDS}) GROUP BY rid HAVING uniqExact(call_key) > 1)) AS dup_ids_gateway,
  (SELECT count() FROM (SELECT response_id FROM audit_span_calls WHERE response_id != ''
    GROUP BY response_id HAVING uniqExact(trace_id) > 1)) AS dup_ids_spans,
  (SELECT count() FROM (SELECT gateway_key FROM audit_link_candidates WHERE rule = 'trace_id'
    GROUP BY gateway_key HAVING uniqExact(span_group) > 1)) AS ambiguous_trace,
  (SELECT uniqExact(gateway_key) FROM audit_link_candidates WHERE rule = 'fuzzy'
    AND gateway_key NOT IN (SELECT gateway_key FROM call_links)) AS ambiguous_fuzzy,
  (SELECT countIf(${MISSING}) FROM audit_gateway) AS missing_tokens_gateway,
  (SELECT countIf(${MISSING}) FROM audit_span_calls) AS missing_tokens_spans,
  (SELECT countIf(${ZERO}) FROM audit_gateway) AS zero_tokens_gateway,
  (SELECT countIf(${ZERO}) FROM audit_span_calls) AS zero_tokens_spans,
  (SELECT countIf(end_ns < start_ns) FROM audit_gateway) AS end_before_start_gateway,
  (SELECT countIf(end_ns < start_ns) FROM audit_span_calls) AS end_before_start_spans,
  (SELECT countIf(g.start_ns < t.start_ns - ${w} OR g.start_ns > t.end_ns + ${w})
    FROM audit_link_ends AS e
    INNER JOIN audit_gateway AS g ON g.call_key = e.gk
    INNER JOIN audit_span_tree AS t ON t.trace_id = e.trace_id AND t.span_id = e.call_site) AS outside_span_time,
  (SELECT countIf(copies > 1) FROM audit_span_tree) AS duplicate_spans`;
}

type Row = Record<string, number | string>;

/** Reads the join statistics; the working tables must be built (see `buildAuditTables`). */
export async function readJoinStats(engine: Engine, windowSeconds: number): Promise<JoinStats> {
  const [row] = await engine.query<Row>(joinStatsSql(windowSeconds));
  const n = (name: string): number => Number(row?.[name] ?? 0);
  const gatewayCalls = n("gateway_calls");
  const linked = n("by_response_id") + n("by_trace_id") + n("by_fuzzy");
  return {
    gatewayRows: n("gateway_rows"),
    gatewayCalls,
    duplicateGatewayRows: n("gateway_rows") - gatewayCalls,
    spanCalls: n("span_calls"),
    spanCallGroups: n("span_groups"),
    joins: { response_id: n("by_response_id"), trace_id: n("by_trace_id"), fuzzy: n("by_fuzzy") },
    unmatchedGatewayCalls: gatewayCalls - linked,
    unmatchedWithKnownTrace: n("unmatched_known_trace"),
    unmatchedSpanCalls: n("unmatched_spans"),
    bypassSpanCalls: n("bypass"),
    spanCallsOverSeveralRows: n("over_several_rows"),
    duplicateResponseIds: { gateway: n("dup_ids_gateway"), spans: n("dup_ids_spans") },
    ambiguous: { traceId: n("ambiguous_trace"), fuzzy: n("ambiguous_fuzzy") },
    missingTokens: { gateway: n("missing_tokens_gateway"), spans: n("missing_tokens_spans") },
    zeroTokens: { gateway: n("zero_tokens_gateway"), spans: n("zero_tokens_spans") },
    endBeforeStart: { gateway: n("end_before_start_gateway"), spans: n("end_before_start_spans") },
    rowOutsideSpanTime: n("outside_span_time"),
    duplicateSpans: n("duplicate_spans"),
  };
}

/** How proxy captures joined (counts over `audit_capture_ends`), as SELECT of one row. */
export function captureJoinStatsSql(): Sql {
  return q`SELECT
  (SELECT count() FROM audit_capture_calls) AS calls,
  (SELECT countIf(rule = 'response_id') FROM audit_capture_ends) AS by_response_id,
  (SELECT countIf(rule = 'trace_id') FROM audit_capture_ends) AS by_trace_id,
  (SELECT countIf(gk != '') FROM audit_capture_ends) AS to_gateway,
  (SELECT countIf(rule = '') FROM audit_capture_ends) AS unmatched,
  (SELECT count() FROM audit_capture_ends AS e INNER JOIN audit_capture_calls AS a ON a.call_key = e.capture_key
    WHERE ${CAPTURE_BYPASS_WHERE}) AS outside_ledger`;
}

/** Reads the capture join statistics; the working tables must be built. */
export async function readCaptureJoinStats(engine: Engine): Promise<CaptureJoinStats> {
  const [row] = await engine.query<Row>(captureJoinStatsSql());
  const n = (name: string): number => Number(row?.[name] ?? 0);
  return {
    calls: n("calls"),
    joins: { response_id: n("by_response_id"), trace_id: n("by_trace_id") },
    toGateway: n("to_gateway"),
    unmatched: n("unmatched"),
    outsideLedger: n("outside_ledger"),
  };
}
