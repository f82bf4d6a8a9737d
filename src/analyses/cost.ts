import { type Sql, sql } from "../engine/sql.js";
import { pricedSpendSql, type SpendFilters } from "../pricing/priced-spend.js";
import { q, replaceTable } from "./sqlText.js";

/**
 * Per-call cost, the one place the audit prices calls: a SELECT of `call_key String,
 * cost Nullable(Float64)` over `llm_calls`. Until the rate-card builder is wired in this is
 * the cost the source itself reported (gateway `spend`, `llm.cost.total`); null = unpriced.
 */
export function callCostSql(): Sql {
  return sql("SELECT call_key, CAST(reported_cost AS Nullable(Float64)) AS cost FROM llm_calls");
}

/**
 * Per-call cost from the rate card (DESIGN.md section 5), for `AuditOptions.costSql`: needs
 * `rate_card` loaded for the calls (`loadRateCard`). Unpriced models give a null cost.
 */
export function pricedCallCostSql(filters: SpendFilters = {}): Sql {
  return q`SELECT call_key, total_cost AS cost FROM (${pricedSpendSql(["call_key"], filters, { money: "decimal" })})`;
}

/**
 * Materialises the cost of every call once, so the analyses join a small keyed table. Costs
 * are decimals from here on, so sums of cents stay exact.
 */
export function buildCallCost(costSql: Sql | null): Sql {
  const select = costSql ?? callCostSql();
  return replaceTable(
    "audit_call_cost",
    "call_key",
    sql(
      `SELECT call_key, any(CAST(cost AS Nullable(Decimal(38, 12)))) AS cost FROM (${select.text}) GROUP BY call_key`,
      select.params,
    ),
  );
}
