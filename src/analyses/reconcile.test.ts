import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { detectFormat } from "../formats/registry.js";
import { openInput } from "../formats/source.js";
import { EngineSink } from "../ingest/sink.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import type { RateCardRow } from "../pricing/ratecard.js";
import { prepareFindingCalls } from "./callSet.js";
import { BASE_MS, callRow, type FixtureCall } from "./fixtures/findings.js";
import { reconcile } from "./reconcile.js";
import type { ReconcileSection } from "./reconcileTypes.js";

/**
 * Hand-worked reconciliation. Prices (finding-prices.yaml, per million tokens): gpt-4o input
 * 2, cache read 1, output 8. Day 1 is 2025-03-03 (epoch 1740960000), day 2 2025-03-04.
 */
const PRICES = loadPriceFiles([new URL("./fixtures/finding-prices.yaml", import.meta.url).pathname]);
const DAY1 = 1740960000;
const DAY = 86400;
const dir = mkdtempSync(join(tmpdir(), "spendtrail-reconcile-"));

let engine: ChdbEngine;
beforeAll(async () => {
  engine = await ChdbEngine.open();
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  for (const t of ["llm_calls", "provider_usage", "ingest_issues"])
    await engine.exec(sql(`TRUNCATE TABLE ${t}`));
});

interface Result {
  model: string | null;
  input: number;
  cached: number;
  output: number;
  requests: number;
}

/** An OpenAI usage completions page; each bucket is one day from DAY1 + `day` days. */
function usagePage(
  buckets: { day: number; results: Result[] }[],
  extra: Record<string, unknown> = {},
): string {
  const data = buckets.map((b) => ({
    object: "bucket",
    start_time: DAY1 + b.day * DAY,
    end_time: DAY1 + (b.day + 1) * DAY,
    results: b.results.map((r) => ({
      object: "organization.usage.completions.result",
      input_tokens: r.input,
      input_cached_tokens: r.cached,
      output_tokens: r.output,
      num_model_requests: r.requests,
      model: r.model,
      project_id: null,
    })),
  }));
  return JSON.stringify({ object: "page", ...extra, data, has_more: false, next_page: null });
}

async function load(
  calls: readonly (FixtureCall & { reported?: number | null })[],
  files: Record<string, string>,
) {
  await engine.insert(
    "llm_calls",
    calls.map((c) => ({ ...callRow(c), reported_cost: c.reported ?? null })),
  );
  const paths = Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
  for (const path of paths) await readInto(path);
}

/**
 * Reconciles with the fixture prices only. `joins`: build the audit's joins as reconcile does
 * on a fresh database (slower); otherwise link calls by response id (tests without spans).
 */
async function run(joins = false): Promise<ReconcileSection> {
  await engine.exec(sql("DROP TABLE IF EXISTS call_links"));
  const calls = joins ? {} : { calls: await prepareFindingCalls(engine, "response_id") };
  return reconcile(engine, { overrides: PRICES, defaults: () => [], ...calls });
}

/** What ingest does with a provider report, without normalising calls (nothing to normalise). */
async function readInto(path: string): Promise<void> {
  const input = await openInput(path);
  const reader = detectFormat(input.sample);
  if (reader === null) throw new Error(`no reader for ${path}`);
  const sink = new EngineSink(engine, { file: path, format: reader.id, keepContent: false });
  await reader.read(input, sink);
  await sink.flush();
}

// The ledger: two billed rows, a gateway cache hit, a 429 without usage; a span of g1's call
// (linked by response id) and a call with spans and no row (bypass); one row on day 2.
const LEDGER: (FixtureCall & { reported?: number | null })[] = [
  { key: "g1", at: 0, tokens: [1000, 0, 0, 100], reported: 0.0028 },
  { key: "g2", at: 60, tokens: [2000, 1024, 0, 200], reported: 0.0066 },
  { key: "g3", at: 120, status: "cache_hit", tokens: [1000, 0, 0, 100], reported: 0 },
  { key: "g4", at: 180, status: "rate_limited", tokens: null },
  { key: "s2", source: "span", trace: "t1", span: "s2", at: 0, responseId: "g1", tokens: [1000, 0, 0, 100] },
  {
    key: "s1",
    source: "span",
    trace: "t2",
    span: "s1",
    at: 240,
    model: "gpt-4o-2024-08-06",
    responseId: "chatcmpl-bypass",
    tokens: [500, 0, 0, 50],
  },
  { key: "g5", at: DAY + 30, tokens: [100, 0, 0, 10], reported: 0.00028 },
];

// What OpenAI billed: g1 + g2 + the bypass call (3500 uncached + 1024 cached, 350 output, 3
// requests) under its snapshot name; nothing on day 2.
const USAGE = usagePage([
  { day: 0, results: [{ model: "gpt-4o-2024-08-06", input: 4524, cached: 1024, output: 350, requests: 3 }] },
  { day: 1, results: [] },
]);

describe("reconcile", () => {
  it("compares per day and model family and explains every dollar of the gap", async () => {
    await load(LEDGER, { "usage.json": USAGE });
    const section = await run(true);
    expect(section.problems).toEqual([]);
    expect(section.ledgerWindow).toEqual({ from: "2025-03-03", to: "2025-03-04" });
    const [openai] = section.providers;
    expect(openai?.byModel).toBe(true);
    const [day1, day2] = openai?.rows ?? [];
    expect(day1).toMatchObject({ day: "2025-03-03", model: "gpt-4o", usageModels: ["gpt-4o-2024-08-06"] });
    expect(day1?.ledgerModels).toEqual(["gpt-4o", "gpt-4o-2024-08-06"]);
    // 3500 x 2 + 1024 x 1 + 350 x 8 = 10,824 micro-dollars.
    expect(day1?.usage).toEqual({
      requests: 3,
      tokens: { uncachedInput: 3500, cacheRead: 1024, cacheWrite: 0, output: 350, total: 4874 },
      spend: "0.010824",
      statedCost: null,
    });
    // g1 2,800 + g2 6,624 micro-dollars; the cache hit costs 0, the 429 has no usage.
    expect(day1?.ledger).toEqual({
      calls: 4,
      tokens: { uncachedInput: 4000, cacheRead: 1024, cacheWrite: 0, output: 400, total: 5424 },
      spend: "0.009424",
      gatewaySpend: "0.0094",
    });
    expect(day1?.gap).toEqual({
      requests: -1,
      tokens: { uncachedInput: -500, cacheRead: 0, cacheWrite: 0, output: -50, total: -550 },
      spend: "0.0014",
    });
    expect(day1?.healthy).toBe(false);
    expect(day1?.ratio.tokens).toBeCloseTo(5424 / 4874, 9);
    const ex = day1?.explanation;
    expect(ex?.bypass).toEqual({
      calls: 1,
      tokens: { uncachedInput: 500, cacheRead: 0, cacheWrite: 0, output: 50, total: 550 },
      spend: "0.0014",
    });
    expect(ex?.cacheHits).toEqual({
      calls: 1,
      tokens: { uncachedInput: 1000, cacheRead: 0, cacheWrite: 0, output: 100, total: 1100 },
      spend: "0",
      savedSpend: "0.0028",
    });
    expect(ex?.failedAttempts).toMatchObject({ calls: 1, spend: "0", tokens: { total: 0 } });
    expect(ex?.residual).toEqual({
      requests: 0,
      tokens: { uncachedInput: 0, cacheRead: 0, cacheWrite: 0, output: 0, total: 0 },
      spend: "0",
    });
    expect(ex?.fullyExplained).toBe(true);
    // Day 2: the provider billed nothing of gpt-4o, the ledger has one row: the model is unmatched.
    expect(day2?.explanation.unmatchedModels).toEqual({
      requests: -1,
      tokens: { uncachedInput: -100, cacheRead: 0, cacheWrite: 0, output: -10, total: -110 },
      spend: "-0.00028",
    });
    expect(openai?.total.gap.spend).toBe("0.00112");
    expect(openai?.total.explanation.fullyExplained).toBe(true);
    expect(section.fullyExplained).toBe(true);
  });

  it("is healthy within 1% and compares per day when the export is not grouped by model", async () => {
    const byDay = usagePage([
      { day: 0, results: [{ model: null, input: 3000, cached: 0, output: 300, requests: 2 }] },
    ]);
    // 2990 / 3000 and 300 / 300: 10 tokens short of 3300 is 0.3%.
    await load(
      [
        { key: "a", at: 0, tokens: [1000, 0, 0, 100] },
        { key: "b", at: 10, model: "gpt-4o-mini", tokens: [1990, 0, 0, 200] },
      ],
      { "by-day.json": byDay },
    );
    const section = await run();
    const [openai] = section.providers;
    expect(openai?.byModel).toBe(false);
    expect(openai?.rows).toEqual([]);
    expect(openai?.days.map((d) => [d.day, d.model, d.gap.tokens.total, d.healthy])).toEqual([
      ["2025-03-03", null, 10, true],
    ]);
    expect(section.problems.map((p) => p.code)).toEqual(["not_grouped_by_model"]);
  });

  it("refuses an export for another time window, naming both windows", async () => {
    const february = usagePage([
      { day: -28, results: [{ model: "gpt-4o", input: 10, cached: 0, output: 1, requests: 1 }] },
    ]);
    await load([{ key: "a", at: 0, tokens: [1000, 0, 0, 100] }], { "february.json": february });
    const section = await run();
    expect(section.providers).toEqual([]);
    expect(section.problems).toEqual([
      {
        code: "window_outside_ledger",
        severity: "error",
        provider: "openai",
        count: 1,
        message:
          "the openai usage export covers 2025-02-03 to 2025-02-03 but the ledger covers 2025-03-03 to 2025-03-03: no day in common, nothing of openai was compared; export the usage of the ledger's days",
      },
    ]);
  });

  it("counts a bucket two files share once, and names a model the rate card does not price", async () => {
    const gpt = { model: "gpt-4o-2024-08-06", input: 1000, cached: 0, output: 100, requests: 1 };
    const unknown = { model: "o9-preview", input: 10, cached: 0, output: 1, requests: 1 };
    const ledger: FixtureCall[] = [
      { key: "a", at: 0, tokens: [1000, 0, 0, 100] },
      { key: "b", at: DAY, tokens: [1000, 0, 0, 100] },
    ];
    await load(ledger, {
      "a-usage.json": usagePage([{ day: 0, results: [gpt] }]),
      // Day 0 again (another run of the same export): counted from a-usage.json only.
      "b-usage.json": usagePage([{ day: 0, results: [gpt, unknown] }]),
      "c-usage.json": usagePage([
        { day: 0, results: [] },
        { day: 1, results: [gpt, unknown] },
      ]),
    });
    const section = await run();
    expect(section.problems.map((p) => [p.code, p.count])).toEqual([
      ["overlapping_exports", 1],
      ["overlapping_exports", 1],
      ["unpriced_models", 1],
    ]);
    expect(section.problems.at(-1)?.message).toBe(
      "the rate card does not price o9-preview (11 tokens): spend is not compared on their lines; add them to a price file (--prices)",
    );
    const rows = section.providers[0]?.rows ?? [];
    expect(
      rows.map((r) => [r.day, r.model, r.usage.tokens.total, r.usage.spend, r.explanation.fullyExplained]),
    ).toEqual([
      ["2025-03-03", "gpt-4o", 1100, "0.0028", true],
      ["2025-03-04", "gpt-4o", 1100, "0.0028", true],
      ["2025-03-04", "o9", 11, null, false],
    ]);
    expect(rows[2]?.explanation.unmatchedModels).toMatchObject({
      requests: 1,
      tokens: { total: 11 },
      spend: null,
    });
    expect(section.fullyExplained).toBe(false);
  });

  it("reads Anthropic usage and cost reports: the cost report's token lines are the stated cost", async () => {
    const fixture = (name: string) =>
      new URL(`../formats/fixtures/provider-usage/${name}`, import.meta.url).pathname;
    // 40,000 uncached + 90,000 cache reads + 8,000 cache writes in, 5,000 out on 2026-10-05.
    const at = (Date.UTC(2026, 9, 5, 10) - BASE_MS) / 1000;
    const sonnet = { provider: "anthropic", model: "claude-sonnet-4-5" } as const;
    await engine.insert("llm_calls", [
      callRow({ key: "c1", at, ...sonnet, tokens: [40000, 90000, 8000, 5000] }),
    ]);
    for (const name of ["anthropic-usage-report.json", "anthropic-cost-report.json"])
      await readInto(fixture(name));
    const card: RateCardRow = {
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      match: "snapshot",
      inputPerMtok: "3",
      cacheReadPerMtok: "0.3",
      cacheWritePerMtok: "3.75",
      outputPerMtok: "15",
      effectiveFrom: null,
      effectiveTo: null,
      source: "test",
    };
    const calls = await prepareFindingCalls(engine, "response_id");
    const section = await reconcile(engine, { overrides: [card], defaults: () => [], calls });
    expect(section.problems).toEqual([]);
    const [line] = section.providers[0]?.rows ?? [];
    // 0.12 + 0.027 + 0.03 + 0.075 on both sides; the cost report bills 1200 + 750 cents of tokens
    // (its $0.0125 of web search is not a token cost).
    expect(line).toMatchObject({
      provider: "anthropic",
      day: "2026-10-05",
      model: "claude-sonnet-4-5",
      usage: { requests: null, spend: "0.252", statedCost: "0.195" },
      ledger: { calls: 1, spend: "0.252" },
      gap: { requests: null, spend: "0" },
      healthy: true,
    });
    expect(section.providers[0]?.days[0]?.usage.statedCost).toBe("0.195");
  });

  it("reports a file refused for mixing organisations as an error", async () => {
    const page = (org: string, day: number) =>
      usagePage([{ day, results: [{ model: "gpt-4o", input: 10, cached: 0, output: 1, requests: 1 }] }], {
        organization_id: org,
      });
    await load([{ key: "a", at: 0, tokens: [10, 0, 0, 1] }], {
      "mixed.jsonl": `${page("org-A", 0)}\n${page("org-B", 1)}\n`,
    });
    const section = await run();
    expect(section.providers).toEqual([]);
    expect(section.problems.map((p) => [p.code, p.severity])).toEqual([
      ["no_provider_usage", "error"],
      ["providers_without_usage", "info"],
      ["input_issues", "error"],
    ]);
    expect(section.problems.at(-1)?.message).toMatch(
      /mixed\.jsonl was not used: line 2 is for organization org-B/,
    );
  });
});
