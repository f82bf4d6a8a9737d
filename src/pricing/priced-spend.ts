import { type Sql, sql } from "../engine/sql.js";
import type { CallSource } from "../record/call.js";
import { callTable, MODEL_KEY_SQL, PROVIDER_KEY_SQL, RATE_CARD_TABLE } from "./rate-card-table.js";

/**
 * Priced spend at query time (DESIGN.md section 5): exclusive token buckets are summed
 * first per (provider, priced model, day, status, group dimensions); only that aggregate
 * meets the rate card, through an ASOF join on the effective date.
 */

/** Dimensions a spend query can group by: result column -> expression on the calls table. */
export const SPEND_DIMENSIONS = {
  model: MODEL_KEY_SQL,
  provider: PROVIDER_KEY_SQL,
  day: "toDate(start_time)",
  status: "status",
  source: "source",
  service_name: "service_name",
  tenant: "tenant",
  team: "team",
  workload: "workload",
  project: "project",
  feature: "feature",
  key_hash: "key_hash",
  request_model: "request_model",
  response_model: "response_model",
  trace_id: "trace_id",
  call_key: "call_key",
} as const;
export type SpendDimension = keyof typeof SPEND_DIMENSIONS;

// Always part of the inner grain; the rest are added when grouped by.
const GRAIN: Partial<Record<SpendDimension, string>> = {
  model: "model_key",
  provider: "provider_key",
  day: "day",
  status: "status",
};

export interface SpendFilters {
  /** Calls that started at or after this instant. */
  from?: Date;
  /** Calls that started before this instant. */
  to?: Date;
  /** Only calls from these evidence sources (e.g. `["gateway"]` for the ledger's view). */
  sources?: readonly CallSource[];
  /** Calls relation; default `llm_calls`. */
  table?: string;
}

export interface SpendOptions {
  /** `string` (default): money columns as exact decimal text; `decimal`: Decimal(38, 18), for use as a subquery. */
  money?: "string" | "decimal";
}

const MONEY = ["input_cost", "cache_read_cost", "cache_write_cost", "output_cost", "total_cost"] as const;

function dateTime(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

function whereClause(filters: SpendFilters): { text: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (filters.from !== undefined) {
    parts.push("start_time >= {ps_from:DateTime64(9, 'UTC')}");
    params.ps_from = dateTime(filters.from);
  }
  if (filters.to !== undefined) {
    parts.push("start_time < {ps_to:DateTime64(9, 'UTC')}");
    params.ps_to = dateTime(filters.to);
  }
  if (filters.sources !== undefined) {
    parts.push("has({ps_sources:Array(String)}, source)");
    params.ps_sources = [...filters.sources];
  }
  return { text: parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "", params };
}

function innerSql(dims: readonly SpendDimension[], table: string, where: string): string {
  const extra = dims.filter((d) => GRAIN[d] === undefined);
  const extraSelect = extra.map((d) => `${SPEND_DIMENSIONS[d]} AS ${d},`).join("\n    ");
  const groupBy = ["provider_key", "model_key", "day", "status", ...extra].join(", ");
  return `SELECT
    ${PROVIDER_KEY_SQL} AS provider_key,
    ${MODEL_KEY_SQL} AS model_key,
    toDate(start_time) AS day,
    status,
    ${extraSelect}
    count() AS n_calls,
    countIf(coalesce(uncached_input_tokens, cache_read_tokens, cache_write_tokens, output_tokens) IS NULL) AS n_no_usage,
    sum(ifNull(uncached_input_tokens, 0)) AS t_uncached,
    sum(ifNull(cache_read_tokens, 0)) AS t_cache_read,
    sum(ifNull(cache_write_tokens, 0)) AS t_cache_write,
    sum(ifNull(output_tokens, 0)) AS t_output
  FROM ${table}
  ${where}
  GROUP BY ${groupBy}`;
}

const RATED = `SELECT
    c.*,
    r.matched = 1 AND (r.effective_to IS NULL OR c.day < r.effective_to) AS is_rated,
    c.status != 'cache_hit' AS billable,
    c.t_uncached + c.t_cache_read + c.t_cache_write + c.t_output AS t_all,
    toDecimal128(c.t_uncached, 0) * r.input_usd_per_token AS m_input,
    toDecimal128(c.t_cache_read, 0) * r.cache_read_usd_per_token AS m_cache_read,
    toDecimal128(c.t_cache_write, 0) * r.cache_write_usd_per_token AS m_cache_write,
    toDecimal128(c.t_output, 0) * r.output_usd_per_token AS m_output,
    r.source AS rate_source
  FROM calls AS c
  ASOF LEFT JOIN ${RATE_CARD_TABLE} AS r
    ON c.provider_key = r.provider_key AND c.model_key = r.model_key AND c.day >= r.effective_from`;

function outerSql(dims: readonly SpendDimension[], money: "string" | "decimal"): string {
  const dimSelect = dims.map((d) => `${GRAIN[d] ?? d} AS ${d},`).join("\n  ");
  // A group whose billable tokens are all unpriced has no cost (NULL), not a cost of 0.
  const allUnpriced =
    "sumIf(t_all, billable AND is_rated) = 0 AND sumIf(t_all, billable AND NOT is_rated) > 0";
  const cost = (expr: string): string => `if(${allUnpriced}, NULL, sumIf(${expr}, billable AND is_rated))`;
  const wrap = (expr: string): string => (money === "string" ? `toString(${expr})` : expr);
  const buckets: Record<(typeof MONEY)[number], string> = {
    input_cost: "m_input",
    cache_read_cost: "m_cache_read",
    cache_write_cost: "m_cache_write",
    output_cost: "m_output",
    total_cost: "m_input + m_cache_read + m_cache_write + m_output",
  };
  const moneySelect = MONEY.map((m) => `${wrap(cost(buckets[m]))} AS ${m},`).join("\n  ");
  const saved = wrap("sumIf(m_input + m_cache_read + m_cache_write + m_output, NOT billable AND is_rated)");
  return `SELECT
  ${dimSelect}
  sum(n_calls) AS calls,
  sum(n_no_usage) AS calls_without_usage,
  sumIf(n_calls, NOT billable) AS cache_hit_calls,
  sumIf(t_uncached, billable) AS uncached_input_tokens,
  sumIf(t_cache_read, billable) AS cache_read_tokens,
  sumIf(t_cache_write, billable) AS cache_write_tokens,
  sumIf(t_output, billable) AS output_tokens,
  sumIf(t_all, billable) AS total_tokens,
  sumIf(t_all, billable AND NOT is_rated) AS unpriced_tokens,
  sumIf(n_calls - n_no_usage, billable AND NOT is_rated AND t_all > 0) AS unpriced_calls,
  arraySort(groupUniqArrayIf(model_key, billable AND NOT is_rated AND t_all > 0)) AS unpriced_models,
  ${moneySelect}
  sumIf(t_all, NOT billable) AS cache_hit_tokens,
  ${saved} AS cache_hit_saved_cost,
  arraySort(groupUniqArrayIf(rate_source, is_rated)) AS rate_sources
FROM rated`;
}

/**
 * Spend per group: token buckets, cost per bucket and in total, and the unpriced share.
 * Needs `rate_card` loaded (`loadRateCard`) for the same calls. Rules: cache reads at the
 * cache-read rate and writes at the cache-write rate (the input rate where the card has
 * none); gateway cache hits (status `cache_hit`) cost 0, their would-be cost is
 * `cache_hit_saved_cost`; calls without usage (failed attempts) cost 0; a cancelled stream
 * is priced by the output it reported. Result columns: the `groupBy` dimensions, then
 * calls, calls_without_usage, cache_hit_calls, uncached_input_tokens, cache_read_tokens,
 * cache_write_tokens, output_tokens, total_tokens, unpriced_tokens, unpriced_calls,
 * unpriced_models, input_cost, cache_read_cost, cache_write_cost, output_cost, total_cost
 * (USD; NULL when all of the group's billable tokens are unpriced), cache_hit_tokens,
 * cache_hit_saved_cost, rate_sources. Rows are ordered by the dimensions.
 */
export function pricedSpendSql(
  groupBy: readonly SpendDimension[],
  filters: SpendFilters = {},
  options: SpendOptions = {},
): Sql {
  const dims = [...new Set(groupBy)];
  const where = whereClause(filters);
  const order = dims.length > 0 ? `\nORDER BY ${dims.join(", ")}` : "";
  const groupClause = dims.length > 0 ? `\nGROUP BY ${dims.join(", ")}` : "";
  const text = `WITH
calls AS (
  ${innerSql(dims, callTable(filters.table), where.text)}
),
rated AS (
  ${RATED}
)
${outerSql(dims, options.money ?? "string")}${groupClause}${order}`;
  return sql(text, where.params);
}
