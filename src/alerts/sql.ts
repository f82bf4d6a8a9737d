import { cleanIdentitySql, UNTAGGED, withRelations } from "../analyses/callSet.js";
import { retryAttemptsSql } from "../analyses/retrySql.js";
import { q, replaceTable } from "../analyses/sqlText.js";
import { type Sql, sql } from "../engine/sql.js";
import { pricedSpendSql, type SpendDimension } from "../pricing/priced-spend.js";
import { callTable } from "../pricing/rate-card-table.js";
import type { AlertWindow, DriverDimension, GroupDimension } from "./types.js";

/**
 * The alerts' SQL. The calls of both periods are copied once into `alert_calls` with their
 * identity values cleaned; every figure is then `pricedSpendSql` over it (tokens summed first,
 * priced by the rate card), folded from days into the two periods.
 */

export const ALERT_CALLS = "alert_calls";
export const ALERT_RETRY_ATTEMPTS = "alert_retry_attempts";
const RETRY_CALLS = "alert_retry_calls";
const UNKNOWN = "(unknown)";

const dateTime = (iso: string) => iso.replace("T", " ").replace("Z", "");

/** Dimension of `pricedSpendSql` and the label a missing value gets (our own constants). */
const COLUMNS: Record<GroupDimension | DriverDimension, { dim: SpendDimension; label: string }> = {
  team: { dim: "team", label: `ifNull(team, '${UNTAGGED}')` },
  project: { dim: "project", label: `ifNull(project, '${UNTAGGED}')` },
  feature: { dim: "feature", label: `ifNull(feature, '${UNTAGGED}')` },
  model: { dim: "model", label: `if(model = '', '${UNKNOWN}', model)` },
  service: { dim: "service_name", label: `if(service_name = '', '${UNKNOWN}', service_name)` },
};

/** The latest call start in a calls relation (the default anchor of the window). */
export function latestCallSql(calls: string): Sql {
  return sql(`SELECT count() AS calls, toString(max(start_time)) AS latest FROM ${callTable(calls)}`);
}

/** Copies the calls of both periods into `alert_calls`, team/project/feature cleaned of MISSING_VALUES. */
export function alertCallsSql(calls: string, window: AlertWindow): Sql {
  const clean = (c: string) => q`${cleanIdentitySql(c)} AS ${c}`;
  const select = q`SELECT * REPLACE (${clean("team")}, ${clean("project")}, ${clean("feature")})
FROM ${callTable(calls)}
WHERE start_time >= {al_from:DateTime64(9, 'UTC')} AND start_time < {al_to:DateTime64(9, 'UTC')}`;
  const bound = sql(select.text, {
    ...select.params,
    al_from: dateTime(window.previous.from),
    al_to: dateTime(window.current.to),
  });
  return replaceTable(ALERT_CALLS, "(trace_id, start_time, call_key)", bound);
}

/** Retry chains among the window's calls (the retries finding's chaining rule). */
export function alertRetryAttemptsSql(windowSeconds = 60): Sql {
  return replaceTable(ALERT_RETRY_ATTEMPTS, "call_key", retryAttemptsSql(ALERT_CALLS, windowSeconds));
}

// Attempts beyond the first of each chain.
const EXTRA_ATTEMPTS = `SELECT call_key FROM (
  SELECT call_key, row_number() OVER (PARTITION BY trace_id, req_model, chain_no ORDER BY start_time, call_key) AS n
  FROM ${ALERT_RETRY_ATTEMPTS}) WHERE n > 1`;

/**
 * Per group (`g0`, `g1`), optional driver value (`d`) and period (`current`/`previous`): calls,
 * output tokens and spend (USD text). `retriesOnly` counts only attempts beyond the first.
 */
export function periodFiguresSql(
  group: readonly GroupDimension[],
  window: AlertWindow,
  options: { driver?: DriverDimension; retriesOnly?: boolean } = {},
): Sql {
  const keys = options.driver === undefined ? group : [...group, options.driver];
  const labels = group.map((g, i) => `${COLUMNS[g].label} AS g${i}`);
  if (options.driver !== undefined) labels.push(`${COLUMNS[options.driver].label} AS d`);
  const dims: SpendDimension[] = [...new Set([...keys.map((k) => COLUMNS[k].dim), "day" as const])];
  const table = options.retriesOnly === true ? RETRY_CALLS : ALERT_CALLS;
  const priced = pricedSpendSql(dims, { table }, { money: "decimal" });
  const names = [...group.map((_, i) => `g${i}`), ...(options.driver === undefined ? [] : ["d"])].join(", ");
  const body = sql(
    `SELECT ${labels.join(", ")}, if(day >= toDate({al_current:Date}), 'current', 'previous') AS period,
  sum(calls) AS calls, sum(output_tokens) AS output_tokens,
  toString(sum(ifNull(total_cost, toDecimal128(0, 18)))) AS spend
FROM (${priced.text})
GROUP BY ${names}, period
ORDER BY ${names}, period`,
    { ...priced.params, al_current: window.current.from.slice(0, 10) },
  );
  if (options.retriesOnly !== true) return body;
  return withRelations(
    { [RETRY_CALLS]: sql(`SELECT * FROM ${ALERT_CALLS} WHERE call_key IN (${EXTRA_ATTEMPTS})`) },
    body,
  );
}

/** Models in the window with billable tokens the rate card does not price. */
export function unpricedModelsSql(): Sql {
  const priced = pricedSpendSql([], { table: ALERT_CALLS });
  return sql(`SELECT unpriced_models FROM (${priced.text})`, priced.params);
}
