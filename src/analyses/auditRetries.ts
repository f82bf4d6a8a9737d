import type { Sql } from "../engine/sql.js";
import { nanos } from "./options.js";
import { familySql } from "./sqlFns.js";
import { q, replaceTable } from "./sqlText.js";

/** Statuses after which a gateway attempt is retried (429, 5xx, timeout). */
export const RETRIED_STATUSES = ["rate_limited", "provider_error", "timeout"] as const;

const FAMILY = familySql("coalesce(request_model, response_model)");

/**
 * Attempts: gateway calls, with the trace of their span, row or proxy capture (else the
 * capture's key hash + request path), and captured calls no gateway row covers (their
 * status counts, they carry no row values). A capture's HTTP status, when retried, is the
 * attempt's status: the wire says 429 where a ledger row may only say failure.
 */
function attemptsSql(): string {
  const retried = `['${RETRIED_STATUSES.join("', '")}']`;
  return `SELECT gw.call_key AS call_key, gw.ids AS ids, gw.start_ns AS start_ns,
    multiIf(e.trace_id != '', e.trace_id, gw.row_trace != '', gw.row_trace, cv.capture_trace != '', cv.capture_trace,
      cv.capture_retry_key) AS trace,
    ${familySql("coalesce(gw.request_model, gw.response_model)")} AS fam,
    if(has(${retried}, cv.capture_status), cv.capture_status, gw.status) AS status
  FROM audit_gateway AS gw
  LEFT JOIN audit_link_ends AS e ON e.gk = gw.call_key
  LEFT JOIN audit_capture_values AS cv ON cv.gk = gw.call_key
  UNION ALL
  SELECT call_key, ['', '', ''], start_ns, if(trace_id != '', trace_id, retry_key), ${FAMILY}, status
  FROM audit_capture_calls WHERE call_key IN (SELECT capture_key FROM audit_capture_ends WHERE gk = '')`;
}

/**
 * `audit_retry`, for `retry_header_strip`: attempts (see attemptsSql) of one trace and one
 * requested model family, in start order, form a retry chain while each attempt follows a
 * retried status within the window. Per call: `is_retry` (attempt 2+) and `prev_has` per layer
 * (an earlier attempt of the chain carried the layer on its row).
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
      SELECT call_key, ids, start_ns, trace, fam,
        lagInFrame(status) OVER w AS prev_status, lagInFrame(start_ns) OVER w AS prev_start,
        row_number() OVER w AS rn
      FROM (${attemptsSql()})
      WHERE trace != ''
      WINDOW w AS (PARTITION BY trace, fam ORDER BY start_ns, call_key
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))))`,
  );
}
