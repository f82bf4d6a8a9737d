import { type Sql, sql } from "../engine/sql.js";
import { pricedSpendSql } from "../pricing/priced-spend.js";
import type { CallStatus } from "../record/call.js";
import { cleanIdentitySql, UNTAGGED, withRelations } from "./callSet.js";
import { captureRetryKeySql } from "./captureEvidence.js";

/** Statuses after which a next attempt is a retry. */
export const RETRY_TRIGGERS: readonly CallStatus[] = ["rate_limited", "timeout", "provider_error"];
/** Final statuses that end a chain successfully: that attempt's spend is not extra. */
export const RETRY_SUCCESS: readonly CallStatus[] = ["ok", "cache_hit"];
/** Service label of chains whose service is unknown. */
export const UNKNOWN_SERVICE = "(unknown)";
/** Table of the attempts of chains with two or more, rebuilt on every run. */
export const RETRY_ATTEMPTS = "finding_retry_attempts";

// A gateway row often states no service (its span covers all attempts), so the service only
// separates two calls when both state one. A proxy capture without a trace id chains by its
// key hash and request path instead (`chain_trace`).
const KEY = "chain_trace, req_model";
const CHAIN_TRACE = `multiIf(trace_id != '', trace_id, source = 'capture', ${captureRetryKeySql("key_hash", "span_name")}, '')`;
const ORDER = "start_time, call_key";

function continuesSql(): string {
  const gap = "toUnixTimestamp64Nano(start_time) - toUnixTimestamp64Nano(prev_end)";
  // A failed attempt's 0 tokens (LiteLLM writes 0 when the provider returned no usage) state
  // nothing about the request, so only two non-zero counts can tell two requests apart.
  const stated = "ifNull(prev_input, 0) > 0 AND ifNull(input_tokens, 0) > 0";
  const differ = `${stated} AND abs(input_tokens - prev_input) > 0.01 * greatest(input_tokens, prev_input)`;
  const resend = `${stated} AND input_tokens = prev_input AND ${gap} >= 0`;
  const otherService = "service_name != '' AND prev_service != '' AND service_name != prev_service";
  return `n > 1 AND ${gap} <= {rt_window_ns:Int64} AND NOT (${differ}) AND NOT (${otherService})
        AND (has({rt_triggers:Array(String)}, prev_status) OR (${resend}))`;
}

/**
 * SELECT of the attempts of every chain of two or more, one row per call with its chain number.
 * Calls of one trace (or, for proxy captures without one, one key hash and request path) and
 * requested model, in start order, chain while the next starts within
 * the window after the previous ended and the previous failed (RETRY_TRIGGERS) or both stated
 * the same input tokens (a resend). Non-zero input tokens more than 1% apart, or two different
 * stated services, mean different requests.
 */
export function retryAttemptsSql(calls: string, windowSeconds: number): Sql {
  const team = cleanIdentitySql("team");
  const prev = (col: string) =>
    `any(${col}) OVER (PARTITION BY ${KEY} ORDER BY ${ORDER} ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING)`;
  const text = `SELECT call_key, ${KEY}, trace_id, service_name, chain_no, status, start_time, team
FROM (
  SELECT *, count() OVER (PARTITION BY ${KEY}, chain_no) AS chain_size
  FROM (
    SELECT *, sum(NOT continues) OVER (PARTITION BY ${KEY} ORDER BY ${ORDER} ROWS UNBOUNDED PRECEDING) AS chain_no
    FROM (
      SELECT *, ${continuesSql()} AS continues
      FROM (
        SELECT *, row_number() OVER (PARTITION BY ${KEY} ORDER BY ${ORDER}) AS n,
          ${prev("status")} AS prev_status, ${prev("end_time")} AS prev_end,
          ${prev("input_tokens")} AS prev_input, ${prev("service_name")} AS prev_service
        FROM (
          SELECT call_key, trace_id, ${CHAIN_TRACE} AS chain_trace, service_name, status, start_time, end_time,
            input_tokens, ${team.text} AS team, coalesce(nullIf(request_model, ''), nullIf(response_model, ''), '') AS req_model
          FROM ${calls} WHERE chain_trace != ''))))
)
WHERE chain_size > 1`;
  return sql(text, {
    ...team.params,
    rt_window_ns: Math.round(windowSeconds * 1e9),
    rt_triggers: [...RETRY_TRIGGERS],
  });
}

/**
 * One row per chain with its spend, the attempts priced through `pricedSpendSql`: spend of all
 * attempts, and extra spend = all but a successful last attempt. Service and team are the
 * first stated on any attempt.
 */
export function retryChainsSql(calls: string): Sql {
  const priced = pricedSpendSql(["call_key"], { table: "st_retry_calls" }, { money: "decimal" });
  const cost = "ifNull(k.total_cost, toDecimal128(0, 18))";
  const by = "(a.start_time, a.call_key)";
  const firstStated = (col: string) => `argMinIf(a.${col}, ${by}, ifNull(a.${col}, '') != '')`;
  const body = sql(
    `SELECT a.chain_trace AS chain_trace, any(a.trace_id) AS trace_id, a.req_model AS req_model, a.chain_no AS chain_no,
  ${firstStated("service_name")} AS service_name, ${firstStated("team")} AS team,
  count() AS attempts,
  arrayMap(x -> x.3, arraySort(groupArray((a.start_time, a.call_key, a.status)))) AS statuses,
  argMax(a.status, ${by}) AS final_status,
  min(a.start_time) AS started,
  sum(${cost}) AS spend,
  has({rt_success:Array(String)}, final_status) AS succeeded,
  spend - if(succeeded, argMax(${cost}, ${by}), toDecimal128(0, 18)) AS extra_spend,
  countIf(k.total_cost IS NULL) - toUInt64(succeeded AND argMax(k.total_cost IS NULL, ${by})) AS unpriced_attempts
FROM ${RETRY_ATTEMPTS} AS a
LEFT JOIN (${priced.text}) AS k ON k.call_key = a.call_key
GROUP BY chain_trace, req_model, chain_no`,
    { ...priced.params, rt_success: [...RETRY_SUCCESS] },
  );
  return withRelations(
    {
      st_retry_calls: sql(
        `SELECT * FROM ${calls} WHERE call_key IN (SELECT call_key FROM ${RETRY_ATTEMPTS})`,
      ),
    },
    body,
  );
}

const label = (col: string, missing: string): string => `if(ifNull(${col}, '') = '', '${missing}', ${col})`;

function over(chains: Sql, select: string, tail = "", params: Record<string, unknown> = {}): Sql {
  return sql(`SELECT ${select}\nFROM (${chains.text})\n${tail}`, { ...chains.params, ...params });
}

/** Totals over all chains. */
export function retryTotalsSql(chains: Sql): Sql {
  return over(
    chains,
    `count() AS chains, sum(attempts - 1) AS extra_attempts, toString(sum(extra_spend)) AS extra_usd,
  countIf(succeeded) AS succeeded, sum(unpriced_attempts) AS unpriced_attempts`,
  );
}

/** Chains per team and service, most extra spend first, with example trace ids. */
export function retryGroupsSql(chains: Sql, examples: number): Sql {
  return over(
    chains,
    `${label("team", UNTAGGED)} AS team_label, ${label("service_name", UNKNOWN_SERVICE)} AS service,
  count() AS chains, sum(attempts - 1) AS extra_attempts, sum(extra_spend) AS extra, toString(extra) AS extra_usd,
  arraySlice(arrayDistinct(arrayMap(x -> x.3, arraySort(x -> (-x.1, x.2), groupArray((extra_spend, started, trace_id))))),
    1, {rt_examples:UInt32}) AS example_trace_ids`,
    "GROUP BY team_label, service ORDER BY extra DESC, chains DESC, team_label, service",
    { rt_examples: examples },
  );
}

/** The chains with the most extra spend. */
export function retryTopChainsSql(chains: Sql, limit: number): Sql {
  return over(
    chains,
    `trace_id, ${label("service_name", UNKNOWN_SERVICE)} AS service, ${label("team", UNTAGGED)} AS team_label,
  req_model, attempts, statuses, final_status, toString(spend) AS spend_usd, toString(extra_spend) AS extra_usd,
  toString(started) AS start_time`,
    "ORDER BY extra_spend DESC, attempts DESC, started, trace_id LIMIT {rt_limit:UInt32}",
    { rt_limit: limit },
  );
}
