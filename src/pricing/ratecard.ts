/**
 * The rate card model. All prices are exact decimal strings in USD per million tokens;
 * dates are UTC calendar days `YYYY-MM-DD`, `effectiveFrom` inclusive, `effectiveTo`
 * exclusive, null meaning open-ended.
 */

/**
 * How a rate card row's `model` matches a call's model:
 * - `exact`: the same id (case-insensitive; a `provider/` prefix on either side is ignored);
 * - `snapshot`: also a dated snapshot of it (`gpt-4o-2024-08-06`, `claude-3-5-sonnet-20241022`,
 *   `claude-3-5-sonnet@20240620`, `gpt-4-0613` all match their undated id), the default;
 * - `prefix`: any model id that starts with it (opt-in: `gpt-4o` would also match `gpt-4o-mini`).
 */
export const MODEL_MATCHES = ["exact", "snapshot", "prefix"] as const;
export type ModelMatch = (typeof MODEL_MATCHES)[number];

/** Per-million-token prices. A null cache rate means the card states none (the input rate applies). */
export interface Rates {
  inputPerMtok: string;
  cacheReadPerMtok: string | null;
  cacheWritePerMtok: string | null;
  outputPerMtok: string;
}

/** One user-supplied price: a model (and optionally provider) from a date on. */
export interface RateCardRow extends Rates {
  /** Provider the row is for; null for any provider. */
  provider: string | null;
  model: string;
  match: ModelMatch;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  /** Where the price came from: `genai-prices@<version>` or the price file's path. */
  source: string;
}

/** The rates in force for one model over one date range. */
export interface PricePeriod extends Rates {
  effectiveFrom: string | null;
  effectiveTo: string | null;
  source: string;
  /** The catalogue entry that priced it (`openai/gpt-4o` for `gpt-4o-2024-08-06`). */
  matchedProvider: string | null;
  matchedModel: string;
  /** What the price leaves out or approximates (tiers, time-of-day prices, fallbacks). */
  notes: string[];
}

/** Default prices for a model as seen on calls (provider may be null); [] when unknown. */
export type DefaultPriceSource = (provider: string | null, model: string) => PricePeriod[];

/** Rates after the fallbacks: cache reads and writes without a price of their own cost the input rate. */
export function effectiveRates(rates: Rates): {
  input: string;
  cacheRead: string;
  cacheWrite: string;
  output: string;
} {
  return {
    input: rates.inputPerMtok,
    cacheRead: rates.cacheReadPerMtok ?? rates.inputPerMtok,
    cacheWrite: rates.cacheWritePerMtok ?? rates.inputPerMtok,
    output: rates.outputPerMtok,
  };
}

const SNAPSHOT_SUFFIX = /[-@](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4})(?:-v\d+(?::\d+)?)?$/;

/** The undated id of a dated snapshot (`gpt-4o-2024-08-06` -> `gpt-4o`); the id itself otherwise. */
export function snapshotBase(model: string): string {
  return model.replace(SNAPSHOT_SUFFIX, "");
}

/** A coarse provider family so `gcp.vertex_ai`, `vertex_ai-language-models` and `google` compare equal. */
export function providerFamily(provider: string): string {
  const p = provider.trim().toLowerCase();
  if (/vertex|gemini|google/.test(p)) return "google";
  if (/bedrock|^aws|amazon/.test(p)) return "aws";
  if (/^azure|^az\./.test(p)) return "azure";
  if (/^x[-_]?ai$/.test(p)) return "x-ai";
  return p;
}

function names(model: string): string[] {
  const id = model.trim().toLowerCase();
  const slash = id.indexOf("/");
  return slash > 0 ? [id, id.slice(slash + 1)] : [id];
}

/** 0 = same id, 1 = same id once a `provider/` prefix is dropped, 2 = snapshot, 3 = prefix; null = no match. */
function matchRank(row: RateCardRow, model: string): number | null {
  const rowIds = names(row.model);
  const callIds = names(model);
  if (rowIds[0] === callIds[0]) return 0;
  if (callIds.some((c) => rowIds.includes(c))) return 1;
  if (row.match !== "exact" && callIds.some((c) => rowIds.includes(snapshotBase(c)))) return 2;
  if (row.match === "prefix" && callIds.some((c) => rowIds.some((r) => c.startsWith(r)))) return 3;
  return null;
}

function providerMatches(row: RateCardRow, provider: string | null): boolean {
  if (row.provider === null || provider === null || provider === "") return true;
  return providerFamily(row.provider) === providerFamily(provider);
}

/**
 * The rows that price `model` on `provider`: those of the best-matching (provider, model)
 * entry; a later row wins over an earlier one for the same entry and date, so later
 * files override earlier ones.
 */
export function matchingRows(
  rows: readonly RateCardRow[],
  provider: string | null,
  model: string,
): RateCardRow[] {
  let best: { rank: number; key: string } | null = null;
  for (const row of rows) {
    if (!providerMatches(row, provider)) continue;
    const rank = matchRank(row, model);
    if (rank !== null && (best === null || rank <= best.rank)) best = { rank, key: rowKey(row) };
  }
  if (best === null) return [];
  const key = best.key;
  const byDate = new Map<string, RateCardRow>();
  for (const row of rows) if (rowKey(row) === key) byDate.set(row.effectiveFrom ?? "", row);
  return [...byDate.values()].sort((a, b) => (a.effectiveFrom ?? "").localeCompare(b.effectiveFrom ?? ""));
}

function rowKey(row: RateCardRow): string {
  return `${row.provider?.toLowerCase() ?? ""}\u0000${row.model.toLowerCase()}`;
}
