import { delta, finishLine, statedSum, strictSum, tokenOp, ZERO_TOKENS } from "./reconcileFigures.js";
import type { CallFigures, Delta, ReconcileLine } from "./reconcileTypes.js";

function sumFigures(list: readonly CallFigures[]): CallFigures {
  return {
    calls: list.reduce((n, f) => n + f.calls, 0),
    tokens: list.reduce((t, f) => tokenOp(t, f.tokens, 1), ZERO_TOKENS),
    spend: strictSum(list.map((f) => f.spend)),
  };
}

function sumDeltas(list: readonly Delta[]): Delta {
  const requests = list.some((d) => d.requests === null)
    ? null
    : list.reduce((n, d) => n + (d.requests ?? 0), 0);
  return delta(
    requests,
    list.reduce((t, d) => tokenOp(t, d.tokens, 1), ZERO_TOKENS),
    strictSum(list.map((d) => d.spend)),
  );
}

/** A total line (a day, a provider) as the sum of its lines; health is judged on the sums. */
export function sumLines(
  key: { provider: string; day: string | null; model: string | null },
  lines: readonly ReconcileLine[],
  threshold: number,
): ReconcileLine {
  const ex = lines.map((l) => l.explanation);
  const residual = sumDeltas(ex.map((e) => e.residual));
  const requests = lines.some((l) => l.usage.requests === null)
    ? null
    : lines.reduce((n, l) => n + (l.usage.requests ?? 0), 0);
  const sorted = (pick: (l: ReconcileLine) => string[]) => [...new Set(lines.flatMap(pick))].sort();
  return finishLine(
    {
      ...key,
      usageModels: sorted((l) => l.usageModels),
      ledgerModels: sorted((l) => l.ledgerModels),
      usage: {
        requests,
        tokens: lines.reduce((t, l) => tokenOp(t, l.usage.tokens, 1), ZERO_TOKENS),
        spend: strictSum(lines.map((l) => l.usage.spend)),
        statedCost: statedSum(lines.map((l) => l.usage.statedCost)),
      },
      ledger: {
        calls: lines.reduce((n, l) => n + l.ledger.calls, 0),
        tokens: lines.reduce((t, l) => tokenOp(t, l.ledger.tokens, 1), ZERO_TOKENS),
        spend: strictSum(lines.map((l) => l.ledger.spend)),
        gatewaySpend: statedSum(lines.map((l) => l.ledger.gatewaySpend)),
      },
      gap: sumDeltas(lines.map((l) => l.gap)),
      ratio: { tokens: null, spend: null },
      healthy: false,
      explanation: {
        bypass: sumFigures(ex.map((e) => e.bypass)),
        cacheHits: {
          ...sumFigures(ex.map((e) => e.cacheHits)),
          savedSpend: strictSum(ex.map((e) => e.cacheHits.savedSpend)),
        },
        failedAttempts: sumFigures(ex.map((e) => e.failedAttempts)),
        unmatchedModels: sumDeltas(ex.map((e) => e.unmatchedModels)),
        residual,
        fullyExplained: ex.every((e) => e.fullyExplained),
      },
    },
    threshold,
  );
}
