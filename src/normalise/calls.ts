import { type Sql, sql } from "../engine/sql.js";
import { IDENTITY_COLUMNS, MODEL_COLUMNS, OUTCOME_COLUMNS, TOKEN_COLUMNS } from "./columns.js";

/** Columns of the merged calls view, in order. */
export const MERGED_CALL_COLUMNS = [
  "call_id",
  "source",
  "trace_id",
  "response_id",
  "call_site_span_id",
  "service",
  "service_path",
  "hops",
  ...MODEL_COLUMNS,
  ...TOKEN_COLUMNS,
  ...OUTCOME_COLUMNS,
  ...IDENTITY_COLUMNS,
  "reported_cost",
  "gateway_rows",
] as const;

/** Fields taken from the first span (in call order) that states them. */
const FIRST_STATED = [
  ...MODEL_COLUMNS,
  ...TOKEN_COLUMNS,
  "stream",
  "error_type",
  ...IDENTITY_COLUMNS,
  "reported_cost",
] as const;

/** Gateway-only calls: the row is the whole call. */
const GATEWAY_ONLY: Partial<Record<(typeof MERGED_CALL_COLUMNS)[number], string>> = {
  call_id: "call_key AS call_id",
  call_site_span_id: "'' AS call_site_span_id",
  service: "service_name AS service",
  service_path: "service_name AS service_path",
  hops: "toUInt64(0) AS hops",
  gateway_rows: "toUInt64(1) AS gateway_rows",
};

/** Call order: earliest start first, and of two spans starting together the longer (outer) one. */
const ORDER = "(c.start_time, -toUnixTimestamp64Nano(c.end_time))";

/**
 * The calls as a person counts them (DESIGN.md section 1, "one call, many spans"): span rows
 * grouped by (trace_id, response id, else span id), the outermost span as call site and the
 * others as hops, plus gateway rows no span call has the response id of. Null-skipping
 * `argMin` picks each field from the first span that states it. A SELECT, used as a subquery.
 */
export function mergedCallsSql(): Sql {
  const stated = FIRST_STATED.map((col) => `argMin(c.${col}, ${ORDER}) AS ${col}`).join(",\n    ");
  const text = `SELECT ${MERGED_CALL_COLUMNS.join(", ")} FROM (
  SELECT
    concat('span:', c.trace_id, ':', call_ref) AS call_id,
    'span' AS source,
    c.trace_id AS trace_id,
    any(c.response_id) AS response_id,
    argMin(c.span_id, ${ORDER}) AS call_site_span_id,
    argMin(c.service_name, ${ORDER}) AS service,
    arrayStringConcat(arrayCompact(arrayMap(x -> x.2, arraySort(groupArray((c.start_time, c.service_name))))), ' -> ')
      AS service_path,
    toUInt64(count() - 1) AS hops,
    ${stated},
    argMin(c.status, ${ORDER}) AS status,
    min(c.start_time) AS start_time,
    max(c.end_time) AS end_time
  FROM llm_calls AS c
  WHERE c.source = 'span'
  GROUP BY c.trace_id, coalesce(c.response_id, c.span_id) AS call_ref
) AS s
LEFT JOIN (
  SELECT response_id AS gw_response_id, count() AS gateway_rows
  FROM llm_calls WHERE source = 'gateway' AND response_id IS NOT NULL
  GROUP BY response_id
) AS g ON s.response_id = g.gw_response_id
UNION ALL
SELECT ${MERGED_CALL_COLUMNS.map((c) => GATEWAY_ONLY[c] ?? c).join(", ")}
FROM llm_calls
WHERE source = 'gateway'
  AND ifNull(response_id, '') NOT IN (SELECT response_id FROM llm_calls WHERE source = 'span' AND response_id IS NOT NULL)`;
  return sql(text);
}
