import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { IDENTITY_LAYERS, type IdentityLayer } from "../record/identity.js";
import { SPEND, share, usd } from "./coverage.js";
import { FIXES } from "./fixes.js";
import { FAILURE_MODES, type FailureModeId } from "./modeIds.js";
import type { AuditTotals, ModeSummary } from "./result.js";

// A call counts once per mode (and once per divergence), however many layers it lost there.
const PER_CALL = `SELECT mode, call_key, any(cost) AS cost, any(trace_id) AS trace_id
  FROM audit_layers WHERE mode != '' GROUP BY mode, call_key`;

/** Calls, spend and example traces per mode. */
export function modesSql(examples: number): Sql {
  return sql(`SELECT mode, count() AS calls, ${SPEND} AS spend, countIf(cost IS NULL) AS unpriced,
  arraySlice(arrayFilter(t -> t != '', arrayDistinct(arrayMap(x -> x.2,
    arraySort(x -> (-x.1, x.2), groupArray((toFloat64(ifNull(cost, 0)), trace_id)))))), 1, ${Math.trunc(examples)}) AS traces
FROM (${PER_CALL}) GROUP BY mode`);
}

function modeLayersSql(): Sql {
  return sql(
    `SELECT mode, layer, count() AS calls, ${SPEND} AS spend FROM audit_layers WHERE mode != '' GROUP BY mode, layer`,
  );
}

function divergencesSql(): Sql {
  return sql(`SELECT mode, divergence AS hop, count() AS calls, ${SPEND} AS spend
FROM (SELECT mode, divergence, call_key, any(cost) AS cost FROM audit_layers WHERE mode != '' GROUP BY mode, divergence, call_key)
GROUP BY mode, hop ORDER BY spend DESC, calls DESC, hop`);
}

/** Services on the paths of each mode's calls, by the spend of the calls they appear in, then path order. */
function servicesSql(): Sql {
  return sql(`SELECT mode, service, ${SPEND} AS spend, min(first) AS first_at
FROM (SELECT m.mode AS mode, m.call_key AS call_key, service, any(m.cost) AS cost, min(pos) AS first
  FROM (${PER_CALL}) AS m INNER JOIN audit_calls AS c ON c.call_key = m.call_key
  ARRAY JOIN arrayMap(n -> n.1, c.path) AS service, arrayEnumerate(c.path) AS pos
  GROUP BY mode, call_key, service)
GROUP BY mode, service ORDER BY spend DESC, first_at, service`);
}

/** Hops `A -> B` along the paths of each mode's calls (services merged, the ledger last), by spend then path order. */
function hopsSql(): Sql {
  return sql(`SELECT mode, hop, ${SPEND} AS spend, min(first) AS first_at
FROM (
  SELECT mode, call_key, any(cost) AS cost, hop, min(pos) AS first
  FROM (
    SELECT m.mode AS mode, m.call_key AS call_key, m.cost AS cost, arrayMap(n -> n.1, c.path) AS svcs,
      arrayPushBack(arrayFilter((s, j) -> j = 1 OR s != svcs[j - 1], svcs, arrayEnumerate(svcs)), 'ledger') AS segs
    FROM (${PER_CALL}) AS m INNER JOIN audit_calls AS c ON c.call_key = m.call_key
    WHERE c.linked = 1)
  ARRAY JOIN arrayMap(i -> concat(segs[i], ' -> ', segs[i + 1]), range(1, length(segs))) AS hop,
    range(1, length(segs)) AS pos
  GROUP BY mode, call_key, hop)
GROUP BY mode, hop ORDER BY spend DESC, first_at, hop`);
}

/** Ledger totals and the untagged calls (any required layer), each call once. */
export function totalsSql(): Sql {
  return sql(`SELECT count() AS calls, ${SPEND} AS spend, countIf(cost IS NULL) AS unpriced,
  countIf(untagged) AS untagged_calls, toFloat64(sumIf(ifNull(cost, 0), untagged)) AS untagged_spend
FROM (SELECT call_key, any(cost) AS cost, max(mode != '') AS untagged FROM audit_layers GROUP BY call_key)`);
}

type Row = Record<string, unknown>;

export async function readTotals(engine: Engine): Promise<AuditTotals> {
  const [r] = await engine.query<Row>(totalsSql());
  return {
    calls: Number(r?.calls ?? 0),
    spend: usd(r?.spend),
    unpricedCalls: Number(r?.unpriced ?? 0),
    untaggedCalls: Number(r?.untagged_calls ?? 0),
    untaggedSpend: usd(r?.untagged_spend),
  };
}

/** Failure modes with at least one call, ranked by untagged spend (then calls, then DESIGN order). */
export async function readModes(engine: Engine, untaggedSpend: number, examples = 3): Promise<ModeSummary[]> {
  const [modes, layers, divergences, services, hops] = [
    await engine.query<Row>(modesSql(examples)),
    await engine.query<Row>(modeLayersSql()),
    await engine.query<Row>(divergencesSql()),
    await engine.query<Row>(servicesSql()),
    await engine.query<Row>(hopsSql()),
  ];
  const of = (rows: Row[], mode: FailureModeId) => rows.filter((r) => r.mode === mode);
  return modes
    .map((r): ModeSummary => {
      const mode = r.mode as FailureModeId;
      const spend = usd(r.spend);
      return {
        mode,
        calls: Number(r.calls),
        spend,
        unpricedCalls: Number(r.unpriced),
        share: share(spend, untaggedSpend),
        layers: IDENTITY_LAYERS.flatMap((layer: IdentityLayer) =>
          of(layers, mode)
            .filter((x) => x.layer === layer)
            .map((x) => ({ layer, calls: Number(x.calls), spend: usd(x.spend) })),
        ),
        services: of(services, mode).map((x) => String(x.service)),
        hops: of(hops, mode).map((x) => String(x.hop)),
        divergences: of(divergences, mode).map((x) => ({
          hop: String(x.hop),
          calls: Number(x.calls),
          spend: usd(x.spend),
        })),
        exampleTraceIds: r.traces as string[],
        fix: FIXES[mode],
      };
    })
    .sort(
      (a, b) =>
        b.spend - a.spend ||
        b.calls - a.calls ||
        FAILURE_MODES.indexOf(a.mode) - FAILURE_MODES.indexOf(b.mode),
    );
}
