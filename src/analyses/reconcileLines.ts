import { normDecimal, subDecimal } from "./decimalText.js";
import {
  delta,
  finishLine,
  isZero,
  minus,
  statedSum,
  strictSum,
  tokenOp,
  ZERO_DELTA,
  ZERO_TOKENS,
} from "./reconcileFigures.js";
import type { ReconAggregate, ReconCategory } from "./reconcileSql.js";
import type {
  CallFigures,
  Delta,
  GapExplanation,
  LedgerSide,
  ReconcileLine,
  TokenFigures,
  UsageSide,
} from "./reconcileTypes.js";

/** One line's aggregates by category (absent category: nothing of it on the line). */
export type LineParts = Partial<Record<ReconCategory, ReconAggregate>>;

function tokensOf(a: ReconAggregate | undefined): TokenFigures {
  if (a === undefined) return ZERO_TOKENS;
  const t = {
    uncachedInput: a.uncached,
    cacheRead: a.cache_read,
    cacheWrite: a.cache_write,
    output: a.output,
  };
  return { ...t, total: t.uncachedInput + t.cacheRead + t.cacheWrite + t.output };
}

function spendOf(a: ReconAggregate | undefined): string | null {
  if (a === undefined) return "0";
  return a.unpriced_tokens > 0 ? null : normDecimal(a.spend);
}

function figures(a: ReconAggregate | undefined): CallFigures {
  return { calls: a?.rows ?? 0, tokens: tokensOf(a), spend: spendOf(a) };
}

function usageSide(p: LineParts): UsageSide {
  return {
    // A line the report has no result for: it states 0 requests there.
    requests: p.usage === undefined ? 0 : p.usage.requests,
    tokens: tokensOf(p.usage),
    spend: spendOf(p.usage),
    statedCost: p.cost?.reported ?? null,
  };
}

function ledgerSide(p: LineParts): LedgerSide {
  const rows = [p.ledger, p.cache_hit, p.failed];
  return {
    calls: rows.reduce((n, a) => n + (a?.rows ?? 0), 0),
    tokens: rows.reduce((t, a) => tokenOp(t, tokensOf(a), 1), ZERO_TOKENS),
    // Cache hits cost 0 (DESIGN.md section 5); failed attempts have no usage to price.
    spend: strictSum([spendOf(p.ledger), spendOf(p.failed)]),
    gatewaySpend: statedSum(rows.map((a) => a?.reported ?? null)),
  };
}

/** The gap's parts: `gap = bypass - cacheHits - failed + unmatched + residual`. */
function explain(p: LineParts, gap: Delta): GapExplanation {
  const bypass = figures(p.bypass);
  const cache = { ...figures(p.cache_hit), spend: "0", savedSpend: spendOf(p.cache_hit) };
  const failed = figures(p.failed);
  const parts = delta(
    bypass.calls - cache.calls - failed.calls,
    tokenOp(tokenOp(bypass.tokens, cache.tokens, -1), failed.tokens, -1),
    strictSum([bypass.spend, failed.spend === null ? null : subDecimal("0", failed.spend)]),
  );
  const rest = minus(gap, parts);
  const usageOnly =
    p.usage !== undefined &&
    p.ledger === undefined &&
    p.cache_hit === undefined &&
    p.failed === undefined &&
    p.bypass === undefined;
  const ledgerOnly = p.usage === undefined;
  const unmatched = usageOnly || ledgerOnly;
  // An unmatched line's rest is explained by the model alone; its spend stays unknown if unpriced.
  const residual = unmatched ? { ...ZERO_DELTA, spend: rest.spend === null ? null : "0" } : rest;
  return {
    bypass,
    cacheHits: cache,
    failedAttempts: failed,
    unmatchedModels: unmatched ? rest : ZERO_DELTA,
    residual,
    fullyExplained: isZero(residual) && residual.spend !== null,
  };
}

/** A line from its parts: the sides, the gap, ratio, health and the explanation. */
export function buildLine(
  key: { provider: string; day: string | null; model: string | null },
  p: LineParts,
  threshold: number,
): ReconcileLine {
  const usage = usageSide(p);
  const ledger = ledgerSide(p);
  const models = (cats: readonly ReconCategory[]) =>
    [...new Set(cats.flatMap((c) => p[c]?.models ?? []))].filter((m) => m !== "").sort();
  const gap = minus(
    delta(usage.requests, usage.tokens, usage.spend),
    delta(ledger.calls, ledger.tokens, ledger.spend),
  );
  return finishLine(
    {
      ...key,
      usageModels: models(["usage", "cost"]),
      ledgerModels: models(["ledger", "cache_hit", "failed", "bypass"]),
      usage,
      ledger,
      gap,
      ratio: { tokens: null, spend: null },
      healthy: false,
      explanation: explain(p, gap),
    },
    threshold,
  );
}
