import { addDecimal, isZeroDecimal, ratioDecimal, subDecimal, withinShare } from "./decimalText.js";
import type { Delta, ReconcileLine, TokenFigures } from "./reconcileTypes.js";

/** Arithmetic on reconciliation figures: token buckets as numbers, money as exact decimal text. */

/** No tokens. */
export const ZERO_TOKENS: TokenFigures = {
  uncachedInput: 0,
  cacheRead: 0,
  cacheWrite: 0,
  output: 0,
  total: 0,
};

/** a + b or a - b, bucket by bucket. */
export function tokenOp(a: TokenFigures, b: TokenFigures, sign: 1 | -1): TokenFigures {
  return {
    uncachedInput: a.uncachedInput + sign * b.uncachedInput,
    cacheRead: a.cacheRead + sign * b.cacheRead,
    cacheWrite: a.cacheWrite + sign * b.cacheWrite,
    output: a.output + sign * b.output,
    total: a.total + sign * b.total,
  };
}

/** Sum of money where a null (unpriced) makes the sum unknown. */
export function strictSum(values: readonly (string | null)[]): string | null {
  return values.some((v) => v === null) ? null : addDecimal(...(values as string[]));
}

/** Sum of the stated amounts; null when none is stated. */
export function statedSum(values: readonly (string | null)[]): string | null {
  const stated = values.filter((v): v is string => v !== null);
  return stated.length === 0 ? null : addDecimal(...stated);
}

/** A signed difference from its parts. */
export function delta(requests: number | null, tokens: TokenFigures, spend: string | null): Delta {
  return { requests, tokens, spend };
}

/** a - b; unknown (null) when either side is. */
export function minus(a: Delta, b: Delta): Delta {
  const requests = a.requests === null || b.requests === null ? null : a.requests - b.requests;
  const spend = a.spend === null || b.spend === null ? null : subDecimal(a.spend, b.spend);
  return delta(requests, tokenOp(a.tokens, b.tokens, -1), spend);
}

/** No difference. */
export const ZERO_DELTA: Delta = delta(0, ZERO_TOKENS, "0");

/** Zero in requests, every bucket and spend (an unknown spend does not count). */
export function isZero(d: Delta): boolean {
  const tokens = Object.values(d.tokens).every((n) => n === 0);
  return tokens && (d.requests ?? 0) === 0 && (d.spend === null || isZeroDecimal(d.spend));
}

/** Ratio and health from a line's sides. */
export function finishLine(line: ReconcileLine, threshold: number): ReconcileLine {
  const { usage, ledger, gap } = line;
  const tokenRatio = usage.tokens.total === 0 ? null : ledger.tokens.total / usage.tokens.total;
  const spendKnown = usage.spend !== null && ledger.spend !== null && gap.spend !== null;
  const spendRatio = spendKnown ? ratioDecimal(ledger.spend as string, usage.spend as string) : null;
  const tokensOk = Math.abs(gap.tokens.total) <= threshold * usage.tokens.total;
  const spendOk = !spendKnown || withinShare(gap.spend as string, usage.spend as string, threshold);
  return { ...line, ratio: { tokens: tokenRatio, spend: spendRatio }, healthy: tokensOk && spendOk };
}
