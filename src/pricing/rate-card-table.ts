import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { SpendtrailError } from "../errors.js";
import { genaiPrices } from "./genai-prices.js";
import { decimalPlaces, shiftDecimal } from "./money.js";
import { effectiveRates, type RateCardRow } from "./ratecard.js";
import { type PriceBook, type PriceResolution, resolvePrices } from "./resolve.js";

/**
 * The `rate_card` table holds the resolved prices of the (provider, model) pairs that occur
 * on calls, keyed by the strings exactly as stored there, so pricing is one ASOF join and
 * never a per-model CASE. Rates are USD per token as Decimal(38, 18): a per-million price
 * with up to 12 decimals times an integer token count is then exact.
 */

export const RATE_CARD_TABLE = "rate_card";

/** How calls name their provider and priced model (the response model when known). */
export const PROVIDER_KEY_SQL = "coalesce(provider, '')";
export const MODEL_KEY_SQL = "coalesce(nullIf(response_model, ''), nullIf(request_model, ''), '')";

const COLUMNS = `provider_key String,
    model_key String,
    effective_from Date,
    effective_to Nullable(Date),
    matched UInt8,
    input_usd_per_token Decimal(38, 18),
    cache_read_usd_per_token Decimal(38, 18),
    cache_write_usd_per_token Decimal(38, 18),
    output_usd_per_token Decimal(38, 18),
    matched_provider String,
    matched_model String,
    source String,
    notes Array(String)`;
const COLUMN_NAMES = COLUMNS.split(",\n").map((c) => c.trim().split(" ")[0]);

/** Creates `rate_card` when missing (`matched` is always 1, so an unmatched ASOF row reads 0). */
export const RATE_CARD_DDL: Sql = sql(
  `CREATE TABLE IF NOT EXISTS ${RATE_CARD_TABLE} (\n    ${COLUMNS}\n) ENGINE = MergeTree()\nORDER BY (provider_key, model_key, effective_from)`,
);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** Checks a calls relation name (code-supplied, never input) before it goes into SQL text. */
export function callTable(name = "llm_calls"): string {
  if (!IDENTIFIER.test(name))
    throw new SpendtrailError("E_USAGE", `not a table name: ${JSON.stringify(name)}`);
  return name;
}

/** The distinct (provider_key, model_key) pairs on calls. */
export function callModelsSql(table?: string): Sql {
  return sql(
    `SELECT DISTINCT ${PROVIDER_KEY_SQL} AS provider_key, ${MODEL_KEY_SQL} AS model_key FROM ${callTable(table)} ORDER BY provider_key, model_key`,
  );
}

function perToken(perMtok: string, source: string): string {
  const value = shiftDecimal(perMtok, -6);
  if (decimalPlaces(value) > 18) {
    throw new SpendtrailError(
      "E_CONFIG_INVALID",
      `${source}: price ${perMtok} per million tokens has too many decimals`,
    );
  }
  return value;
}

/** The table rows for resolved pairs (one per price period; unknown models get none). */
export function rateCardRows(resolutions: readonly PriceResolution[]): Record<string, unknown>[] {
  return resolutions.flatMap((r) =>
    r.periods.map((p) => {
      const rates = effectiveRates(p);
      return {
        provider_key: r.provider ?? "",
        model_key: r.model,
        effective_from: p.effectiveFrom ?? "1970-01-01",
        effective_to: p.effectiveTo,
        matched: 1,
        input_usd_per_token: perToken(rates.input, p.source),
        cache_read_usd_per_token: perToken(rates.cacheRead, p.source),
        cache_write_usd_per_token: perToken(rates.cacheWrite, p.source),
        output_usd_per_token: perToken(rates.output, p.source),
        matched_provider: p.matchedProvider ?? "",
        matched_model: p.matchedModel,
        source: p.source,
        notes: p.notes,
      };
    }),
  );
}

/** Inserts rows through one bound JSONEachRow parameter (the table is not an engine TableName). */
export function insertRateCardSql(rows: readonly Record<string, unknown>[]): Sql {
  const names = COLUMN_NAMES.join(", ");
  return sql(
    `INSERT INTO ${RATE_CARD_TABLE} (${names}) SELECT ${names} FROM format(JSONEachRow, {rc_structure:String}, {rc_rows:String})`,
    { rc_structure: COLUMNS.replace(/\s+/g, " "), rc_rows: rows.map((r) => JSON.stringify(r)).join("\n") },
  );
}

export interface LoadRateCardOptions {
  /** User price rows (from `loadPriceFiles`); default none. */
  overrides?: readonly RateCardRow[];
  /** Default catalogue; default `genaiPrices`. */
  defaults?: PriceBook["defaults"];
  /** Calls relation to read model names from; default `llm_calls`. */
  table?: string;
}

/**
 * Resolves every (provider, model) pair on calls and replaces the `rate_card` table's
 * contents. Returns the resolutions: those with no periods are the unpriced models.
 */
export async function loadRateCard(
  engine: Engine,
  options: LoadRateCardOptions = {},
): Promise<PriceResolution[]> {
  const book: PriceBook = { overrides: options.overrides ?? [], defaults: options.defaults ?? genaiPrices };
  await engine.exec(RATE_CARD_DDL);
  const pairs = await engine.query<{ provider_key: string; model_key: string }>(callModelsSql(options.table));
  const resolutions = pairs.map((p) =>
    resolvePrices(book, p.provider_key === "" ? null : p.provider_key, p.model_key),
  );
  await engine.exec(sql(`TRUNCATE TABLE ${RATE_CARD_TABLE}`));
  const rows = rateCardRows(resolutions);
  if (rows.length > 0) await engine.exec(insertRateCardSql(rows));
  return resolutions;
}
