import { type DefaultPriceSource, matchingRows, type PricePeriod, type RateCardRow } from "./ratecard.js";

/** User rows plus the default catalogue; user rows win from their effective date. */
export interface PriceBook {
  overrides: readonly RateCardRow[];
  defaults: DefaultPriceSource;
}

/** Everything known about the price of one (provider, model) pair as it appears on calls. */
export interface PriceResolution {
  provider: string | null;
  model: string;
  /** Non-overlapping, sorted by date; empty when no rate card knows the model. */
  periods: PricePeriod[];
}

// Open ends as sentinels so plain string comparison orders dates.
const MIN = "0000-00-00";
const MAX = "9999-99-99";
const lo = (d: string | null): string => d ?? MIN;
const hi = (d: string | null): string => d ?? MAX;
const fromBound = (d: string): string | null => (d === MIN ? null : d);
const toBound = (d: string): string | null => (d === MAX ? null : d);

function userPeriods(rows: readonly RateCardRow[]): PricePeriod[] {
  return rows.map((row, i) => {
    const next = rows[i + 1]?.effectiveFrom ?? null;
    const end = [row.effectiveTo, next].filter((d): d is string => d !== null).sort()[0] ?? null;
    return {
      inputPerMtok: row.inputPerMtok,
      cacheReadPerMtok: row.cacheReadPerMtok,
      cacheWritePerMtok: row.cacheWritePerMtok,
      outputPerMtok: row.outputPerMtok,
      effectiveFrom: row.effectiveFrom,
      effectiveTo: end,
      source: row.source,
      matchedProvider: row.provider,
      matchedModel: row.model,
      notes: [],
    };
  });
}

/** The parts of `period` that no `cover` period overlaps. */
function subtract(period: PricePeriod, cover: readonly PricePeriod[]): PricePeriod[] {
  let pieces: Array<[string, string]> = [[lo(period.effectiveFrom), hi(period.effectiveTo)]];
  for (const c of cover) {
    const [cs, ce] = [lo(c.effectiveFrom), hi(c.effectiveTo)];
    pieces = pieces.flatMap(([s, e]): Array<[string, string]> => {
      if (ce <= s || cs >= e) return [[s, e]];
      const left: Array<[string, string]> = cs > s ? [[s, cs]] : [];
      const right: Array<[string, string]> = ce < e ? [[ce, e]] : [];
      return [...left, ...right];
    });
  }
  return pieces.map(([s, e]) => ({ ...period, effectiveFrom: fromBound(s), effectiveTo: toBound(e) }));
}

/** Resolves a call's (provider, model) to its price timeline: user rows over the defaults. */
export function resolvePrices(book: PriceBook, provider: string | null, model: string): PriceResolution {
  const overrides = userPeriods(matchingRows(book.overrides, provider, model));
  const defaults = model.trim() === "" ? [] : book.defaults(provider, model);
  const periods = [...overrides, ...defaults.flatMap((p) => subtract(p, overrides))].sort((a, b) =>
    lo(a.effectiveFrom).localeCompare(lo(b.effectiveFrom)),
  );
  return { provider, model, periods };
}

/** The period in force on `day` (`YYYY-MM-DD`), if any. */
export function periodAt(periods: readonly PricePeriod[], day: string): PricePeriod | null {
  return periods.find((p) => lo(p.effectiveFrom) <= day && day < hi(p.effectiveTo)) ?? null;
}
