import { describe, expect, it } from "vitest";
import { buildLine } from "../analyses/reconcileLines.js";
import type { ReconAggregate } from "../analyses/reconcileSql.js";
import { sumLines } from "../analyses/reconcileTotals.js";
import type { ReconcileSection } from "../analyses/reconcileTypes.js";
import { renderReconcileText } from "./reconcileText.js";

const agg = (
  category: ReconAggregate["category"],
  rows: number,
  uncached: number,
  output: number,
  spend: string,
) => ({
  category,
  provider: "openai",
  day: "2026-10-05",
  family: "gpt-4o",
  models: ["gpt-4o"],
  rows,
  uncached,
  cache_read: 0,
  cache_write: 0,
  output,
  spend,
  unpriced_tokens: 0,
  unpriced_models: [],
  requests: category === "usage" ? 3 : rows,
  reported: null,
});

describe("reconcile terminal text", () => {
  it("shows the totals, the gap's parts that add up to it, and the lines off by more than 1%", () => {
    const key = { provider: "openai", day: "2026-10-05", model: "gpt-4o" };
    const line = buildLine(
      key,
      {
        usage: agg("usage", 1, 3500, 350, "0.0098"),
        ledger: agg("ledger", 2, 3000, 300, "0.0084"),
        cache_hit: agg("cache_hit", 1, 1000, 100, "0.0028"),
        bypass: agg("bypass", 1, 500, 50, "0.0014"),
      },
      0.01,
    );
    const day = sumLines({ ...key, model: null }, [line], 0.01);
    const total = sumLines({ ...key, day: null, model: null }, [day], 0.01);
    const section: ReconcileSection = {
      threshold: 0.01,
      ledgerWindow: { from: "2026-10-05", to: "2026-10-05" },
      sources: [],
      providers: [
        {
          provider: "openai",
          byModel: true,
          from: "2026-10-05",
          to: "2026-10-05",
          total,
          days: [day],
          rows: [line],
        },
      ],
      fullyExplained: true,
      problems: [],
    };
    const text = renderReconcileText(section);
    expect(text).toContain("openai: 2026-10-05 to 2026-10-05, per day and model: outside 1%");
    expect(text).toMatch(/gap \(provider - ledger\) +0 +-550 +\+\$0\.0014/);
    expect(text).toMatch(/\+ calls outside the ledger \(spans, no row\) +1 +550 +\$0\.0014/);
    expect(text).toMatch(/- gateway cache hits the provider never billed +1 +1,100 +\$0\n/);
    expect(text).toMatch(/= residual \(unexplained\) +0 +0 +\$0\n/);
    expect(text).toContain("every dollar of the gap is explained");
    expect(text).toContain("Day and model lines outside 1% (1 of 1)");
  });
});
