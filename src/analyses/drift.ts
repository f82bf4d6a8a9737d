import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { pricedSpendSql } from "../pricing/priced-spend.js";
import { withRelations } from "./callSet.js";

/**
 * Gateway spend drift (DESIGN.md section 5): the gateway's own `spend` column is read and
 * compared, never trusted. Per model, the reported spend of the ledger rows is summed beside
 * the rate-card cost of the same rows; only rows with both figures are compared, the others
 * are counted. Needs `rate_card` loaded for the calls.
 */

/** |ratio - 1| above this is a finding. */
export const DRIFT_THRESHOLD = 0.01;

export interface DriftModel {
  provider: string;
  model: string;
  /** Rows with a reported spend and a rate-card price (the compared rows). */
  calls: number;
  /** USD, exact decimal text. */
  reportedSpend: string;
  rateCardSpend: string;
  /** reported - rate card. */
  delta: string;
  /** reported / rate card; null when the rate card says 0. */
  ratio: number | null;
  /** |ratio - 1| above the threshold, or reported spend where the rate card says 0. */
  finding: boolean;
}

export interface DriftReport {
  threshold: number;
  calls: number;
  reportedSpend: string;
  rateCardSpend: string;
  delta: string;
  ratio: number | null;
  finding: boolean;
  /** Gateway calls that state no spend of their own (not compared). */
  callsWithoutReportedSpend: number;
  /** Gateway calls with a reported spend whose model the rate card does not price (not compared). */
  unpricedCalls: number;
  /** Largest absolute delta first. */
  byModel: DriftModel[];
}

export interface DriftOptions {
  /** Calls relation (`llm_calls`' columns); default `llm_calls`. Only gateway rows are read. */
  calls?: string;
  /** Default DRIFT_THRESHOLD. */
  threshold?: number;
}

const ROWS = "st_drift_rows";

/** Reported vs rate-card spend per (provider, model), or in total when `byModel` is false. */
export function driftSql(calls: string, byModel: boolean): Sql {
  const priced = pricedSpendSql(["call_key", "provider", "model"], { table: ROWS }, { money: "decimal" });
  // Float64 -> text -> decimal keeps the value the gateway wrote (0.29 stays 0.29).
  const reported = "toDecimal128OrNull(toString(r.reported_cost), 18)";
  const dims = byModel ? "p.provider AS provider, p.model AS model," : "";
  const body = sql(
    `SELECT ${dims}
  countIf(r.reported_cost IS NOT NULL AND p.total_cost IS NOT NULL) AS calls,
  countIf(r.reported_cost IS NULL) AS without_reported,
  countIf(r.reported_cost IS NOT NULL AND p.total_cost IS NULL) AS unpriced,
  sumIf(${reported}, r.reported_cost IS NOT NULL AND p.total_cost IS NOT NULL) AS rep,
  sumIf(p.total_cost, r.reported_cost IS NOT NULL AND p.total_cost IS NOT NULL) AS card,
  toString(rep) AS reported_usd, toString(card) AS card_usd, toString(rep - card) AS delta_usd,
  if(card = 0, NULL, toFloat64(rep) / toFloat64(card)) AS ratio
FROM ${ROWS} AS r INNER JOIN (${priced.text}) AS p ON p.call_key = r.call_key
${byModel ? "GROUP BY provider, model ORDER BY abs(rep - card) DESC, provider, model" : ""}`,
    priced.params,
  );
  const rows = sql(
    `SELECT * FROM ${calls} WHERE source = 'gateway' ORDER BY call_key, source_file, source_line LIMIT 1 BY call_key`,
  );
  return withRelations({ [ROWS]: rows }, body);
}

interface DriftRow {
  provider?: string;
  model?: string;
  calls: number;
  without_reported: number;
  unpriced: number;
  reported_usd: string;
  card_usd: string;
  delta_usd: string;
  ratio: number | null;
}

function isFinding(r: DriftRow, threshold: number): boolean {
  if (r.ratio === null) return r.calls > 0 && !/^-?0(\.0*)?$/.test(r.delta_usd);
  return Math.abs(r.ratio - 1) > threshold;
}

function figures(r: DriftRow | undefined, threshold: number) {
  const row = r ?? { calls: 0, reported_usd: "0", card_usd: "0", delta_usd: "0", ratio: null };
  return {
    calls: row.calls,
    reportedSpend: row.reported_usd,
    rateCardSpend: row.card_usd,
    delta: row.delta_usd,
    ratio: row.ratio,
    finding: r === undefined ? false : isFinding(r, threshold),
  };
}

/** Compares the gateway's reported spend with the rate card, per model and in total. */
export async function gatewayDrift(engine: Engine, options: DriftOptions = {}): Promise<DriftReport> {
  const calls = options.calls ?? "llm_calls";
  const threshold = options.threshold ?? DRIFT_THRESHOLD;
  const [total] = await engine.query<DriftRow>(driftSql(calls, false));
  const models = await engine.query<DriftRow>(driftSql(calls, true));
  return {
    threshold,
    ...figures(total, threshold),
    callsWithoutReportedSpend: total?.without_reported ?? 0,
    unpricedCalls: total?.unpriced ?? 0,
    byModel: models
      .filter((m) => m.calls > 0)
      .map((m) => ({ provider: m.provider ?? "", model: m.model ?? "", ...figures(m, threshold) })),
  };
}
