import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReconcileLine, ReconcileSection } from "../analyses/reconcileTypes.js";
import { memoryIo } from "../cli/io.js";
import { run } from "../cli/main.js";
import { roundUsd } from "../pricing/money.js";
import type { reconciliationAnswer } from "./provider-usage.js";
import { writeDemo } from "./write.js";

type Expected = ReturnType<typeof reconciliationAnswer>;

/**
 * `spendtrail reconcile` on the demo: the providers' usage exports against the LiteLLM ledger
 * and the spans. The exports bill ledger + bypass - gateway cache hits - failed attempts, so
 * every dollar, token and request of the gap must be explained (residual 0 on every line).
 */
describe("reconcile on the demo workload", () => {
  let dir: string;
  let section: ReconcileSection;
  let expected: Expected;
  let code: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "spendtrail-demo-reconcile-"));
    const { paths } = await writeDemo(dir);
    const inputs = paths.filter((p) => !p.endsWith("prices.yaml") && !p.endsWith("expected.json"));
    const io = memoryIo();
    code = await run(["reconcile", ...inputs, "--prices", join(dir, "prices.yaml"), "--format", "json"], io);
    section = JSON.parse(io.out()) as ReconcileSection;
    expected = (
      JSON.parse(await readFile(join(dir, "expected.json"), "utf8")) as { reconciliation: Expected }
    ).reconciliation;
  }, 300_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("compares both providers per day and model over the whole period without problems", () => {
    expect(code).toBe(0);
    expect(section.problems).toEqual([]);
    expect(section.ledgerWindow).toEqual({ from: "2026-10-05", to: "2026-10-25" });
    expect(section.providers.map((p) => [p.provider, p.byModel, p.from, p.to, p.days.length])).toEqual([
      ["anthropic", true, "2026-10-05", "2026-10-25", 21],
      ["openai", true, "2026-10-05", "2026-10-25", 21],
    ]);
  });

  it("explains every dollar, token and request of the gap on every line", () => {
    expect(section.fullyExplained).toBe(true);
    const lines: ReconcileLine[] = section.providers.flatMap((p) => [p.total, ...p.days, ...p.rows]);
    const unexplained = lines.filter(
      (l) =>
        !l.explanation.fullyExplained ||
        l.explanation.residual.spend !== "0" ||
        l.explanation.residual.tokens.total !== 0,
    );
    expect(unexplained.map((l) => [l.provider, l.day, l.model])).toEqual([]);
    // Snapshot and alias names are one model family: nothing is left to "unmatched models".
    expect(lines.filter((l) => l.explanation.unmatchedModels.tokens.total !== 0)).toEqual([]);
  });

  for (const provider of ["openai", "anthropic"] as const) {
    it(`${provider}: the totals are expected.json's`, () => {
      const total = section.providers.find((p) => p.provider === provider)?.total;
      const want = expected[provider];
      const usd = (v: string | null) => (v === null ? null : roundUsd(v, 6));
      expect({
        usage: {
          requests: total?.usage.requests,
          tokens: total?.usage.tokens.total,
          spend_usd: usd(total?.usage.spend ?? null),
        },
        ledger: {
          calls: total?.ledger.calls,
          tokens: total?.ledger.tokens.total,
          spend_usd: usd(total?.ledger.spend ?? null),
        },
        gap: {
          requests: total?.gap.requests,
          tokens: total?.gap.tokens.total,
          spend_usd: usd(total?.gap.spend ?? null),
        },
        bypass: {
          calls: total?.explanation.bypass.calls,
          tokens: total?.explanation.bypass.tokens.total,
          spend_usd: usd(total?.explanation.bypass.spend ?? null),
        },
        gateway_cache_hits: {
          calls: total?.explanation.cacheHits.calls,
          tokens: total?.explanation.cacheHits.tokens.total,
          saved_spend_usd: usd(total?.explanation.cacheHits.savedSpend ?? null),
        },
        failed_attempts: { calls: total?.explanation.failedAttempts.calls },
        residual_spend_usd: usd(total?.explanation.residual.spend ?? null),
      }).toEqual(want);
    });
  }
});
