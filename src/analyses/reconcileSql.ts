import { type Sql, sql } from "../engine/sql.js";
import { pricedSpendSql } from "../pricing/priced-spend.js";
import { MODEL_KEY_SQL, PROVIDER_KEY_SQL } from "../pricing/rate-card-table.js";
import { BUCKET_KEY_SQL } from "./reconcileBuckets.js";
import { replaceTable } from "./sqlText.js";

/**
 * `recon_calls`: every figure reconciliation compares, as rows shaped like calls so the rate
 * card prices both sides the same way (`pricedSpendSql`). `source` holds the category:
 * - `usage`: a provider usage result; `cost`: a provider cost result (token costs only);
 * - `ledger`: a gateway row the provider billed; `cache_hit`: a row the gateway served from its
 *   cache; `failed`: a failed attempt without usage;
 * - `bypass`: a call with spans and no gateway row that reported usage.
 * `status` is `ok` on every row so each is priced at face value; the categories carry what
 * DESIGN.md section 5 bills. Only compared (provider, day) pairs are kept.
 */
export const RECON_CALLS = "recon_calls";

export const RECON_CATEGORIES = ["usage", "cost", "ledger", "cache_hit", "failed", "bypass"] as const;
export type ReconCategory = (typeof RECON_CATEGORIES)[number];

const TOKENS = ["uncached_input_tokens", "cache_read_tokens", "cache_write_tokens", "output_tokens"] as const;
const TOKEN_SUM = `(${TOKENS.map((t) => `ifNull(${t}, 0)`).join(" + ")})`;
const FAILED = "status NOT IN ('ok', 'cache_hit')";

function callsPart(calls: string): string {
  return `SELECT
  multiIf(source = 'span', 'bypass', status = 'cache_hit', 'cache_hit', ${FAILED} AND ${TOKEN_SUM} = 0, 'failed', 'ledger') AS category,
  ${PROVIDER_KEY_SQL} AS provider_key, ${MODEL_KEY_SQL} AS model_key, start_time,
  ${TOKENS.join(", ")},
  toInt64(1) AS requests,
  if(source = 'gateway', toDecimal128OrNull(toString(reported_cost), 18), NULL) AS reported
FROM ${calls}
WHERE (source = 'gateway' OR ${TOKEN_SUM} > 0)
  AND has({rc_days:Array(String)}, concat(${PROVIDER_KEY_SQL}, '|', toString(toDate(start_time))))`;
}

const USAGE_PART = `SELECT
  report AS category, provider AS provider_key, ifNull(model, '') AS model_key,
  toDateTime64(bucket_start, 9, 'UTC') AS start_time,
  uncached_input_tokens, cache_read_tokens, cache_write_tokens, output_tokens,
  requests,
  if(report = 'cost' AND ifNull(cost_type, 'tokens') = 'tokens', toDecimal128(cost_usd, 18), NULL) AS reported
FROM provider_usage
WHERE NOT bucket_only
  AND has({rc_keep:Array(String)}, ${BUCKET_KEY_SQL})
  AND has({rc_days:Array(String)}, concat(provider, '|', toString(day)))`;

/**
 * Builds `recon_calls` from a calls relation (one row per call: `finding_calls`) and the kept
 * provider buckets. `days` are `provider|YYYY-MM-DD` keys of the compared days.
 */
export function buildReconCalls(calls: string, keep: readonly string[], days: readonly string[]): Sql {
  const select = `SELECT category AS source, provider_key AS provider, nullIf(model_key, '') AS response_model,
  CAST(NULL, 'Nullable(String)') AS request_model, start_time, 'ok' AS status,
  ${TOKENS.join(", ")}, requests, reported
FROM (${callsPart(calls)}
UNION ALL
${USAGE_PART})`;
  return replaceTable(
    RECON_CALLS,
    "(provider, start_time)",
    sql(select, { rc_keep: [...keep], rc_days: [...days] }),
  );
}

/** Distinct (provider, model) keys on `recon_calls`, for the model families. */
export function reconModelsSql(): Sql {
  return sql(
    `SELECT DISTINCT provider, ${MODEL_KEY_SQL} AS model FROM ${RECON_CALLS} ORDER BY provider, model`,
  );
}

/** One aggregate per (category, provider, day, family): tokens, rate-card spend, requests, stated money. */
export interface ReconAggregate {
  category: ReconCategory;
  provider: string;
  day: string;
  family: string;
  models: string[];
  rows: number;
  uncached: number;
  cache_read: number;
  cache_write: number;
  output: number;
  spend: string;
  unpriced_tokens: number;
  unpriced_models: string[];
  requests: number | null;
  /** Gateway spend (ledger categories) or billed token cost (`cost`); null when none is stated. */
  reported: string | null;
}

/**
 * The aggregates: rows priced per (category, provider, day, model) first, then folded into
 * model families (`families[i]` for `names[i]`; a provider in `perDay` gets family '').
 * Needs `rate_card` loaded for `recon_calls`.
 */
export function reconAggregateSql(
  names: readonly string[],
  families: readonly string[],
  perDay: readonly string[],
): Sql {
  const priced = pricedSpendSql(
    ["source", "provider", "day", "model"],
    { table: RECON_CALLS },
    { money: "decimal" },
  );
  const text = `WITH
priced AS (${priced.text}),
extra AS (
  SELECT source, provider, toDate(start_time) AS day, ${MODEL_KEY_SQL} AS model,
    sum(requests) AS requests, sum(reported) AS reported
  FROM ${RECON_CALLS} GROUP BY source, provider, day, model
),
joined AS (
  SELECT p.*, e.requests AS requests, e.reported AS reported,
    if(has({ra_per_day:Array(String)}, p.provider), '', transform(p.model, {ra_names:Array(String)}, {ra_families:Array(String)}, p.model)) AS family
  FROM priced AS p
  INNER JOIN extra AS e ON e.source = p.source AND e.provider = p.provider AND e.day = p.day AND e.model = p.model
)
SELECT source AS category, provider, toString(day) AS day, family, arraySort(groupUniqArray(model)) AS models,
  sum(calls) AS rows,
  sum(uncached_input_tokens) AS uncached, sum(cache_read_tokens) AS cache_read,
  sum(cache_write_tokens) AS cache_write, sum(output_tokens) AS output,
  toString(sum(ifNull(total_cost, toDecimal128(0, 18)))) AS spend,
  sum(unpriced_tokens) AS unpriced_tokens, arraySort(arrayDistinct(arrayFlatten(groupArray(unpriced_models)))) AS unpriced_models,
  sum(requests) AS requests, if(countIf(reported IS NOT NULL) = 0, NULL, toString(sum(reported))) AS reported
FROM joined
GROUP BY category, provider, day, family
ORDER BY provider, day, family, category`;
  return sql(text, {
    ...priced.params,
    ra_names: [...names],
    ra_families: [...families],
    ra_per_day: [...perDay],
  });
}

/** Ledger calls per provider and UTC day (the ledger's window and who it covers). */
export function ledgerDaysSql(calls: string): Sql {
  return sql(`SELECT provider_key AS provider, toString(call_day) AS day, toUInt32(count()) AS calls
FROM (SELECT ${PROVIDER_KEY_SQL} AS provider_key, toDate(start_time) AS call_day FROM ${calls} WHERE source = 'gateway')
GROUP BY provider_key, call_day ORDER BY provider_key, call_day`);
}
