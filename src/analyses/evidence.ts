import type { Sql } from "../engine/sql.js";
import { q, replaceTable } from "./sqlText.js";

const LAYERS = [1, 2, 3] as const;

/**
 * `audit_linked`: per linked row and layer, the value carried by the producer side of a linked
 * trace: a span the call site (or one of its ancestors) links to through span Links, or the
 * producer span of the queue message it consumed (`messaging.message.id`), or that span's
 * nearest ancestor. Each entry: (value, producer service, producer span, consumer service, consumer span).
 */
export function buildLinkedEvidence(): Sql {
  const pick = LAYERS.map(
    (li) =>
      `argMinIf((t.ids[${li}], t.service, t.span_name, pr.q_service, pr.q_name), (pr.pos, pr.dist), t.ids[${li}] != '')`,
  ).join(",\n    ");
  return replaceTable(
    "audit_linked",
    "gk",
    q`WITH
  consumers AS (
    SELECT e.gk AS gk, e.trace_id AS trace_id, q_span, pos FROM audit_link_ends AS e
    INNER JOIN audit_span_tree AS c ON c.trace_id = e.trace_id AND c.span_id = e.call_site
    ARRAY JOIN arrayPushFront(c.ancestors, c.span_id) AS q_span, arrayEnumerate(arrayPushFront(c.ancestors, c.span_id)) AS pos),
  qn AS (
    SELECT consumers.gk AS gk, consumers.pos AS pos, t.service AS q_service, t.span_name AS q_name,
      t.links AS links, t.message_id AS message_id, t.is_producer AS is_producer, t.trace_id AS q_trace, t.span_id AS q_span
    FROM consumers INNER JOIN audit_span_tree AS t ON t.trace_id = consumers.trace_id AND t.span_id = consumers.q_span),
  producers AS (
    SELECT gk, pos, q_service, q_name, l.1 AS p_trace, l.2 AS p_span FROM qn ARRAY JOIN links AS l
    UNION ALL
    SELECT qn.gk, qn.pos, qn.q_service, qn.q_name, t.trace_id, t.span_id
    FROM qn INNER JOIN audit_span_tree AS t ON t.message_id = qn.message_id
    WHERE qn.message_id != '' AND qn.is_producer = 0 AND t.is_producer = 1
      AND NOT (t.trace_id = qn.q_trace AND t.span_id = qn.q_span)),
  sources AS (
    SELECT pr.gk AS gk, pr.pos AS pos, pr.q_service AS q_service, pr.q_name AS q_name, pr.p_trace AS p_trace, s_span, dist
    FROM producers AS pr INNER JOIN audit_span_tree AS p ON p.trace_id = pr.p_trace AND p.span_id = pr.p_span
    ARRAY JOIN arrayPushFront(p.ancestors, p.span_id) AS s_span, arrayEnumerate(arrayPushFront(p.ancestors, p.span_id)) AS dist)
SELECT pr.gk AS gk, [${pick}] AS linked_vals
FROM sources AS pr INNER JOIN audit_span_tree AS t ON t.trace_id = pr.p_trace AND t.span_id = pr.s_span
GROUP BY pr.gk`,
  );
}

/**
 * `audit_trace_evidence`: for rows no span was linked to but whose trace id has spans, the
 * outermost value per layer in that trace and the services of the trace's call sites
 * (the caller, for the master-key rule).
 */
export function buildTraceEvidence(): Sql {
  const pick = LAYERS.map((li) => `argMinIf(t.ids[${li}], (t.depth, t.start_ns), t.ids[${li}] != '')`).join(
    ", ",
  );
  return replaceTable(
    "audit_trace_evidence",
    "gk",
    q`SELECT gw.call_key AS gk, [${pick}] AS trace_vals,
  groupUniqArrayIf(t.service, t.call_key != '' AND t.group_root = t.span_id) AS trace_callers
FROM audit_gateway AS gw INNER JOIN audit_span_tree AS t ON t.trace_id = gw.row_trace
WHERE gw.row_trace != '' AND gw.call_key NOT IN (SELECT gateway_key FROM call_links)
GROUP BY gw.call_key`,
  );
}

/**
 * `audit_span_values`: per linked row, what its LLM spans say (nearest the call site first):
 * models and tokens for the diff, stream and cancellation for `stream_close_late`.
 */
export function buildSpanValues(): Sql {
  const first = (col: string) => `argMinIf(${col}, (depth, start_ns), ${col} IS NOT NULL) AS span_${col}`;
  return replaceTable(
    "audit_span_values",
    "gk",
    q`WITH members AS (
    SELECT c.gateway_key AS gk, s.depth AS depth, s.start_ns AS start_ns, s.request_model AS request_model,
      s.response_model AS response_model, s.response_id AS response_id, s.input_tokens AS input_tokens,
      s.output_tokens AS output_tokens, s.stream AS stream, s.status AS status
    FROM call_links AS c INNER JOIN audit_span_calls AS s ON s.call_key = c.span_key
    UNION ALL
    SELECT e.gk, s.depth, s.start_ns, s.request_model, s.response_model, s.response_id, s.input_tokens,
      s.output_tokens, s.stream, s.status
    FROM audit_link_ends AS e INNER JOIN audit_span_calls AS s ON s.trace_id = e.trace_id AND s.span_id = e.call_site)
SELECT gk, ${first("request_model")}, ${first("response_model")}, ${first("input_tokens")}, ${first("output_tokens")},
  argMinIf(response_id, (depth, start_ns), response_id != '') AS span_response_id,
  max(ifNull(stream, false)) AS span_stream, max(status = 'client_cancelled') AS span_cancelled,
  max(output_tokens) AS span_max_output
FROM members GROUP BY gk`,
  );
}
