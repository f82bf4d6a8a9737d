import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { IDENTITY_LAYERS, type IdentityLayer } from "../record/identity.js";
import { BYPASS_WHERE } from "./callTables.js";
import { CAPTURE_BYPASS_WHERE } from "./captureEvidence.js";
import type { RecoverySource } from "./modeIds.js";
import type { BypassSummary, LayerCoverage, LayerRecovery } from "./result.js";

/** Sum of decimal costs as a number (exact decimal sum, converted once). */
export const SPEND = "toFloat64(sum(ifNull(cost, 0)))";
const UNTAGGED_SPEND = "toFloat64(sumIf(ifNull(cost, 0), NOT tagged))";

/** Ledger coverage per layer, spend-weighted, with recoverable spend beside it. */
export function coverageSql(): Sql {
  return sql(`SELECT layer, any(required) AS required, count() AS calls, ${SPEND} AS spend,
  countIf(cost IS NULL) AS unpriced, countIf(tagged) AS tagged_calls,
  toFloat64(sumIf(ifNull(cost, 0), tagged)) AS tagged_spend,
  countIf(NOT tagged) AS untagged_calls, ${UNTAGGED_SPEND} AS untagged_spend,
  countIf(NOT tagged AND recovered_source != '') AS recoverable_calls,
  toFloat64(sumIf(ifNull(cost, 0), NOT tagged AND recovered_source != '')) AS recoverable_spend
FROM audit_layers GROUP BY layer`);
}

/** Recoverable untagged calls per layer and source, and the values recovered. */
export function recoverySql(topValues: number): Sql {
  return sql(`SELECT layer, recovered_source AS source, recovered_value AS value, count() AS calls, ${SPEND} AS spend
FROM audit_layers WHERE NOT tagged AND recovered_source != ''
GROUP BY layer, source, value ORDER BY layer, spend DESC, calls DESC, value
LIMIT ${Math.trunc(topValues)} BY layer`);
}

function recoveryBySourceSql(): Sql {
  return sql(`SELECT layer, recovered_source AS source, count() AS calls, ${SPEND} AS spend
FROM audit_layers WHERE NOT tagged AND recovered_source != '' GROUP BY layer, source`);
}

/** Service label of proxy captures outside the ledger (a capture names no service). */
export const CAPTURE_SERVICE = "(capture)";

/**
 * Spend outside the ledger, by call-site service: span calls without a gateway row, and
 * proxy captures that match neither a gateway row nor a span call.
 */
export function bypassSql(): Sql {
  return sql(
    `SELECT service, count() AS calls, ${SPEND} AS spend, countIf(cost IS NULL) AS unpriced,
  arraySlice(arrayDistinct(arrayMap(x -> x.2, arraySort(x -> (-x.1, x.2), groupArray((toFloat64(ifNull(cost, 0)), trace_id))))), 1, 3) AS traces
FROM (
  SELECT toString(service) AS service, cost, trace_id FROM audit_groups WHERE ${BYPASS_WHERE}
  UNION ALL
  SELECT {cov_capture:String}, a.cost, a.trace_id
  FROM audit_capture_ends AS e INNER JOIN audit_capture_calls AS a ON a.call_key = e.capture_key
  WHERE ${CAPTURE_BYPASS_WHERE})
GROUP BY service ORDER BY spend DESC, calls DESC, service`,
    { cov_capture: CAPTURE_SERVICE },
  );
}

export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Money as the engine summed it, rounded to 1e-9 so float noise never shows. */
export function usd(value: unknown): number {
  return Math.round(Number(value ?? 0) * 1e9) / 1e9;
}

type Row = Record<string, unknown>;

export async function readCoverage(engine: Engine): Promise<LayerCoverage[]> {
  const rows = await engine.query<Row>(coverageSql());
  return IDENTITY_LAYERS.flatMap((layer) => {
    const r = rows.find((x) => x.layer === layer);
    return r === undefined ? [] : [layerCoverage(layer, r)];
  });
}

function layerCoverage(layer: IdentityLayer, r: Row): LayerCoverage {
  const spend = usd(r.spend);
  const taggedSpend = usd(r.tagged_spend);
  const recoverableSpend = usd(r.recoverable_spend);
  return {
    layer,
    required: Number(r.required) === 1,
    calls: Number(r.calls),
    spend,
    unpricedCalls: Number(r.unpriced),
    taggedCalls: Number(r.tagged_calls),
    taggedSpend,
    untaggedCalls: Number(r.untagged_calls),
    untaggedSpend: usd(r.untagged_spend),
    coverage: share(taggedSpend, spend),
    callCoverage: share(Number(r.tagged_calls), Number(r.calls)),
    recoverableCalls: Number(r.recoverable_calls),
    recoverableSpend,
    coverageIfRecovered: share(taggedSpend + recoverableSpend, spend),
  };
}

export async function readRecovery(engine: Engine, topValues = 10): Promise<LayerRecovery[]> {
  const bySource = await engine.query<Row>(recoveryBySourceSql());
  const values = await engine.query<Row>(recoverySql(topValues));
  return IDENTITY_LAYERS.map((layer) => {
    const sources = bySource.filter((r) => r.layer === layer);
    return {
      layer,
      calls: sources.reduce((n, r) => n + Number(r.calls), 0),
      spend: usd(sources.reduce((n, r) => n + usd(r.spend), 0)),
      bySource: sources
        .map((r) => ({ source: r.source as RecoverySource, calls: Number(r.calls), spend: usd(r.spend) }))
        .sort((a, b) => b.spend - a.spend || b.calls - a.calls),
      values: values
        .filter((r) => r.layer === layer)
        .map((r) => ({
          value: String(r.value),
          source: r.source as RecoverySource,
          calls: Number(r.calls),
          spend: usd(r.spend),
        })),
    };
  });
}

export async function readBypass(engine: Engine): Promise<BypassSummary> {
  const rows = await engine.query<Row>(bypassSql());
  const traces = rows.flatMap((r) => r.traces as string[]).filter((t) => t !== "");
  return {
    calls: rows.reduce((n, r) => n + Number(r.calls), 0),
    spend: usd(rows.reduce((n, r) => n + usd(r.spend), 0)),
    unpricedCalls: rows.reduce((n, r) => n + Number(r.unpriced), 0),
    services: rows.map((r) => ({ service: String(r.service), calls: Number(r.calls), spend: usd(r.spend) })),
    exampleTraceIds: [...new Set(traces)].slice(0, 3),
  };
}
