import type { Sql } from "../engine/sql.js";
import { nanos } from "./options.js";
import { familySql } from "./sqlFns.js";
import { q, replaceTable } from "./sqlText.js";

/** Statuses after which a gateway attempt is retried (429, 5xx, timeout). */
export const RETRIED_STATUSES = ["rate_limited", "provider_error", "timeout"] as const;

/**
 * `audit_retry`, for `retry_header_strip`: gateway calls of one trace and one requested model
 * family, in start order, form a retry chain while each attempt follows a retried status
 * within the window. Per call: `is_retry` (attempt 2+) and `prev_has` per layer (an earlier
 * attempt of the chain carried the layer on its row).
 */
export function buildRetryChains(windowSeconds: number): Sql {
  const order = "ORDER BY start_ns, call_key";
  const part = "PARTITION BY trace, fam";
  const prev = (li: number) =>
    `max(ids[${li}] != '') OVER (${part}, chain ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;
  return replaceTable(
    "audit_retry",
    "call_key",
    q`SELECT call_key, toUInt8(cont) AS is_retry, [${[1, 2, 3].map(prev).join(", ")}] AS prev_has
FROM (
  SELECT *, sum(NOT cont) OVER (${part} ${order} ROWS UNBOUNDED PRECEDING) AS chain
  FROM (
    SELECT *, rn > 1 AND has(['${RETRIED_STATUSES.join("', '")}'], prev_status)
        AND start_ns - prev_start <= ${nanos(windowSeconds)} AS cont
    FROM (
      SELECT gw.call_key AS call_key, gw.ids AS ids, gw.start_ns AS start_ns,
        if(e.trace_id != '', e.trace_id, gw.row_trace) AS trace,
        ${familySql("coalesce(gw.request_model, gw.response_model)")} AS fam,
        lagInFrame(gw.status) OVER w AS prev_status, lagInFrame(gw.start_ns) OVER w AS prev_start,
        row_number() OVER w AS rn
      FROM audit_gateway AS gw LEFT JOIN audit_link_ends AS e ON e.gk = gw.call_key
      WHERE trace != ''
      WINDOW w AS (PARTITION BY trace, fam ORDER BY gw.start_ns, gw.call_key
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))))`,
  );
}
