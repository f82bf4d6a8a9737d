import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { pricedSpendSql } from "../pricing/priced-spend.js";
import { type LoadRateCardOptions, loadRateCard } from "../pricing/rate-card-table.js";
import type { PriceResolution } from "../pricing/resolve.js";
import { type FindingOptions, findingCalls, withRelations } from "./callSet.js";
import { isSubstitution, modelFamily } from "./modelFamily.js";

/**
 * Model substitution (DESIGN.md section 6): calls served by another model family than the one
 * requested (a dated snapshot or `-latest` alias of the same model is not one), with the spend
 * as served and the spend had the requested model served the same token buckets.
 */

/** Spend of substituted calls. USD figures are exact decimal text, null when nothing is priced. */
export interface SubstitutionSpend {
  calls: number;
  /** Spend as served (priced by the response model), over calls whose served model is priced. */
  servedSpend: string | null;
  /** The same buckets at the requested model's rates, over calls whose requested model is priced. */
  requestedSpend: string | null;
  /** served - requested over calls where both are priced: negative when the substitute was cheaper. */
  difference: string | null;
  /** Calls where both models are priced (the ones in `difference`). */
  comparedCalls: number;
}

export interface SubstitutionPair extends SubstitutionSpend {
  requestModel: string;
  responseModel: string;
  requestFamily: string;
  responseFamily: string;
  exampleTraceIds: string[];
}

export interface SubstitutionReport extends SubstitutionSpend {
  /** Largest absolute difference first. */
  pairs: SubstitutionPair[];
}

const RATE_MODELS = "finding_rate_models";

/**
 * `loadRateCard` over the calls' response models and also their requested models, so a
 * substitution can be priced as requested. Use it in place of `loadRateCard`.
 */
export async function loadFindingsRateCard(
  engine: Engine,
  options: LoadRateCardOptions = {},
): Promise<PriceResolution[]> {
  const table = options.table ?? "llm_calls";
  await engine.exec(
    sql(`CREATE OR REPLACE TABLE ${RATE_MODELS} ENGINE = Memory AS
SELECT DISTINCT provider, response_model, request_model FROM ${table}
UNION DISTINCT
SELECT DISTINCT provider, CAST(NULL, 'Nullable(String)') AS response_model, request_model FROM ${table}`),
  );
  return loadRateCard(engine, { ...options, table: RATE_MODELS });
}

function pairsSql(calls: string): Sql {
  return sql(`SELECT request_model, response_model FROM ${calls}
WHERE ifNull(request_model, '') != '' AND ifNull(response_model, '') != '' AND request_model != response_model
GROUP BY request_model, response_model`);
}

const SPEND = `count() AS calls,
  countIf(a.total_cost IS NOT NULL AND b.total_cost IS NOT NULL) AS compared_calls,
  if(countIf(a.total_cost IS NOT NULL) = 0, NULL, toString(sum(a.total_cost))) AS served_usd,
  if(countIf(b.total_cost IS NOT NULL) = 0, NULL, toString(sum(b.total_cost))) AS requested_usd,
  if(compared_calls = 0, NULL, sumIf(a.total_cost - b.total_cost, a.total_cost IS NOT NULL AND b.total_cost IS NOT NULL))
    AS diff`;

/**
 * Spend of the substituted calls (`pairs` of request, response model) as served and as
 * requested: per pair with `examples` trace ids each, or in total when `examples` is null.
 */
export function substitutionSpendSql(
  calls: string,
  pairs: readonly [string, string][],
  examples: number | null,
): Sql {
  const byPair = examples !== null;
  const served = pricedSpendSql(["call_key"], { table: "st_sub" }, { money: "decimal" });
  const requested = pricedSpendSql(["call_key"], { table: "st_as_requested" }, { money: "decimal" });
  const pair = "s.request_model AS request_model, s.response_model AS response_model,";
  const exampleItems = `arraySlice(arrayDistinct(arrayMap(x -> x.2, arraySort(groupArrayIf((s.start_time, s.trace_id),
    s.trace_id != '')))), 1, {sb_examples:UInt32}) AS example_trace_ids,`;
  const body = sql(
    `SELECT ${byPair ? pair + exampleItems : ""} ${SPEND}, toString(diff) AS diff_usd
FROM st_sub AS s
LEFT JOIN (${served.text}) AS a ON a.call_key = s.call_key
LEFT JOIN (${requested.text}) AS b ON b.call_key = s.call_key
${byPair ? "GROUP BY request_model, response_model ORDER BY ifNull(abs(diff), toDecimal128(0, 18)) DESC, calls DESC, request_model, response_model" : ""}`,
    { ...served.params, ...requested.params, ...(byPair ? { sb_examples: examples } : {}) },
  );
  const keep = sql(
    `SELECT * FROM ${calls} WHERE has(arrayZip({sb_req:Array(String)}, {sb_resp:Array(String)}),
  (ifNull(request_model, ''), ifNull(response_model, '')))`,
    { sb_req: pairs.map((p) => p[0]), sb_resp: pairs.map((p) => p[1]) },
  );
  const asRequested = sql("SELECT * REPLACE (CAST(NULL, 'Nullable(String)') AS response_model) FROM st_sub");
  return withRelations({ st_sub: keep, st_as_requested: asRequested }, body);
}

interface SpendRow {
  request_model?: string;
  response_model?: string;
  example_trace_ids?: string[];
  calls: number;
  compared_calls: number;
  served_usd: string | null;
  requested_usd: string | null;
  diff_usd: string | null;
}

function toSpend(r: SpendRow | undefined): SubstitutionSpend {
  return {
    calls: r?.calls ?? 0,
    servedSpend: r?.served_usd ?? null,
    requestedSpend: r?.requested_usd ?? null,
    difference: r?.diff_usd ?? null,
    comparedCalls: r?.compared_calls ?? 0,
  };
}

function toPair(r: SpendRow): SubstitutionPair {
  const requestModel = r.request_model ?? "";
  const responseModel = r.response_model ?? "";
  return {
    requestModel,
    responseModel,
    requestFamily: modelFamily(requestModel),
    responseFamily: modelFamily(responseModel),
    ...toSpend(r),
    exampleTraceIds: r.example_trace_ids ?? [],
  };
}

/**
 * Finds model substitutions in the finding call set. The rate card must know the requested
 * models too (`loadFindingsRateCard`); a requested model it does not price (a gateway alias
 * such as `smart`) leaves `requestedSpend` null for those calls.
 */
export async function modelSubstitutions(
  engine: Engine,
  options: FindingOptions = {},
): Promise<SubstitutionReport> {
  const calls = await findingCalls(engine, options);
  const seen = await engine.query<{ request_model: string; response_model: string }>(pairsSql(calls));
  const pairs = seen
    .filter((p) => isSubstitution(p.request_model, p.response_model))
    .map((p): [string, string] => [p.request_model, p.response_model]);
  if (pairs.length === 0) return { ...toSpend(undefined), pairs: [] };
  const rows = await engine.query<SpendRow>(substitutionSpendSql(calls, pairs, options.examples ?? 3));
  const [total] = await engine.query<SpendRow>(substitutionSpendSql(calls, pairs, null));
  return { ...toSpend(total), pairs: rows.map(toPair) };
}
