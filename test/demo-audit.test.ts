/**
 * The planted answer: `spendtrail demo` writes a workload whose every untagged dollar was
 * planted on purpose (src/demo/README.md) and the answer a correct audit must give
 * (expected.json, computed from the generator's ground truth, never from the audit). The
 * audit of those files, through the real CLI, must find exactly that answer.
 */
import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryIo } from "../src/cli/io.js";
import { run } from "../src/cli/main.js";
import type { ExpectedAnswer } from "../src/demo/index.js";
import { roundUsd } from "../src/pricing/money.js";
import { schemaErrors } from "../src/reports/fixtures/schemaCheck.js";
import type { AuditReport, Fix } from "../src/reports/model.js";
import { type DemoRun, runDemo } from "./helpers/demo-run.js";

/** expected.json's money: rounded half away from zero to 1e-6 USD. */
const usd6 = (value: string | null): string | null => (value === null ? null : roundUsd(value, 6));

/** Exact sum of decimal strings, as expected.json sums before rounding. */
function sum(values: readonly string[]): string {
  const scale = 18;
  let total = 0n;
  for (const v of values) {
    const negative = v.startsWith("-");
    const [whole = "0", fraction = ""] = (negative ? v.slice(1) : v).split(".");
    const digits = BigInt(whole + fraction.padEnd(scale, "0"));
    total += negative ? -digits : digits;
  }
  const text = (total < 0n ? -total : total).toString().padStart(scale + 1, "0");
  return `${total < 0n ? "-" : ""}${text.slice(0, -scale)}.${text.slice(-scale)}`;
}

/** The services the audit lists beside a mode are those on the calls' paths: call sites and hops. */
const HOPS = new Set(["ai-gateway", "litellm-proxy"]);

function byMode(report: AuditReport): Map<string, Fix> {
  return new Map(report.fixes.map((f) => [f.mode, f]));
}

/** Every assertion of the planted answer, for one demo run. */
function checkPlantedAnswer(report: AuditReport, expected: ExpectedAnswer): void {
  const h = report.headline;
  // Totals and the ledger.
  expect(h.ledgerCalls).toBe(expected.counts.ledger_calls);
  expect(report.rollups.total.calls).toBe(expected.counts.calls);
  expect(report.join.spanCallGroups).toBe(expected.counts.traced_calls);
  expect(usd6(h.totalSpend)).toBe(expected.spend.ledger_usd);
  expect(usd6(h.outsideLedgerSpend)).toBe(expected.spend.outside_ledger_usd);
  expect(usd6(sum([h.totalSpend, h.outsideLedgerSpend]))).toBe(expected.spend.total_usd);
  expect(usd6(report.rollups.total.spend)).toBe(expected.spend.total_usd);
  expect(usd6(report.drift.reportedSpend)).toBe(expected.spend.gateway_reported_usd);
  expect(h.unpricedShare).toBe(0);

  // Untagged calls and spend per layer.
  for (const layer of h.layers) {
    const want = expected.untagged[layer.layer];
    expect([layer.layer, layer.untaggedCalls, usd6(layer.untaggedSpend)]).toEqual([
      layer.layer,
      want.calls,
      want.spend_usd,
    ]);
  }

  // Each failure mode: calls, spend, per-layer figures, services, first divergence.
  const fixes = byMode(report);
  const planted = Object.entries(expected.modes).filter(([, m]) => m.calls > 0);
  expect([...fixes.keys()].sort()).toEqual(planted.map(([mode]) => mode).sort());
  for (const [mode, want] of planted) {
    const fix = fixes.get(mode);
    expect(fix, mode).toBeDefined();
    if (fix === undefined) continue;
    expect([mode, fix.calls, usd6(fix.spend), fix.unpricedCalls]).toEqual([
      mode,
      want.calls,
      want.spend_usd,
      0,
    ]);
    const layers = Object.fromEntries(
      fix.layers.map((l) => [l.layer, { calls: l.calls, spend_usd: usd6(l.spend) }]),
    );
    expect(layers, mode).toEqual(want.layers);
    if (mode === "no_trace") {
      // Rows without spans name no service; the batch job is known only by its key.
      expect(fix.services).toEqual([]);
    } else {
      expect(fix.services.filter((s) => !HOPS.has(s)).sort(), mode).toEqual(want.services);
    }
    if (want.first_divergence !== null) {
      expect(fix.divergences.map((d) => d.hop).sort(), mode).toEqual(want.first_divergence);
    }
  }
  // Ranked by untagged spend.
  const ranked = planted
    .sort(([, a], [, b]) => Number(b.spend_usd) - Number(a.spend_usd))
    .map(([mode]) => mode);
  expect(report.fixes.map((f) => f.mode)).toEqual(ranked);

  // Recoverable: in the demo a mode's lost layers are recoverable for all its calls or none.
  for (const c of report.coverage) {
    let calls = 0;
    for (const [, m] of planted) {
      expect([0, m.calls]).toContain(m.recoverable_calls);
      if (m.recoverable_calls === m.calls) calls += m.layers[c.layer]?.calls ?? 0;
    }
    expect([c.layer, c.recoverableCalls]).toEqual([c.layer, calls]);
  }

  // Spend outside the ledger.
  const bypass = expected.gateway_bypass;
  expect([report.bypass.calls, usd6(report.bypass.spend)]).toEqual([bypass.calls, bypass.spend_usd]);
  expect([h.outsideLedgerCalls, report.bypass.services.map((s) => s.service).sort()]).toEqual([
    bypass.calls,
    bypass.services,
  ]);

  // Retry chains, per service.
  const retries = expected.retries;
  expect([report.retries.chains, report.retries.extraAttempts, usd6(report.retries.extraSpend)]).toEqual([
    retries.chains,
    retries.extra_attempts,
    retries.extra_spend_usd,
  ]);
  const services = Object.fromEntries(
    report.retries.byTeamService.map((g) => [
      g.service,
      { chains: g.chains, extra_attempts: g.extraAttempts, extra_spend_usd: usd6(g.extraSpend) },
    ]),
  );
  expect(services).toEqual(retries.by_service);

  // Gateway cache hits and the provider's prompt cache.
  const { gateway, promptCache } = report.cache;
  const cache = expected.cache;
  expect([gateway.calls, usd6(gateway.savedSpend)]).toEqual([
    cache.gateway_hits.calls,
    cache.gateway_hits.saved_spend_usd,
  ]);
  expect([promptCache.calls, promptCache.cacheReadTokens, usd6(promptCache.discount)]).toEqual([
    cache.provider_cache.calls_with_cache_read,
    cache.provider_cache.cache_read_tokens,
    cache.provider_cache.read_saved_spend_usd,
  ]);
  expect(report.rollups.total.tokens.cacheWrite).toBe(cache.provider_cache.cache_write_tokens);

  // The model substitution; the report's difference is served - requested.
  const sub = expected.substitution;
  const s = report.substitution;
  expect([s.calls, usd6(s.servedSpend), usd6(s.requestedSpend)]).toEqual([
    sub.calls,
    sub.spend_usd,
    sub.spend_at_requested_usd,
  ]);
  expect(usd6(s.difference)).toBe(usd6(`-${sub.difference_usd}`));
  expect(s.pairs.map((p) => p.requestModel)).toEqual([sub.requested_model]);
  expect([sub.served_model, sub.response_model]).toContain(s.pairs[0]?.responseModel);

  // The price change the gateway never picked up: the only drifting model, by exactly the planted amount.
  const drifting = report.drift.byModel.filter((m) => m.finding);
  expect(drifting.map((m) => m.model)).toEqual([expected.price_change.model]);
  expect(usd6(drifting[0]?.delta ?? null)).toBe(expected.price_change.gateway_drift.difference_usd);

  // Spend per team: the ledger's teams plus the team recovered for master-key calls.
  const recovered = report.recoverable.find((r) => r.layer === "team")?.values ?? [];
  for (const [team, want] of Object.entries(expected.by_team)) {
    const ledger = report.rollups.teams.find((t) => t.key === team);
    const back = recovered.filter((v) => v.value === team);
    const calls = (ledger?.calls ?? 0) + back.reduce((n, v) => n + v.calls, 0);
    const spend = sum([ledger?.spend ?? "0", ...back.map((v) => v.spend)]);
    expect([team, calls, usd6(spend)]).toEqual([team, want.calls, want.spend_usd]);
  }
}

describe("spendtrail demo: the audit finds the planted answer", () => {
  let demo: DemoRun;
  beforeAll(async () => {
    demo = await runDemo();
  }, 300_000);
  afterAll(() => {
    if (demo !== undefined) rmSync(dirname(demo.dir), { recursive: true, force: true });
  });

  it("writes the workload, report.json and report.html, prints the report and says where", () => {
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain("gateway_header_filter");
    expect(demo.stderr).toContain(`${demo.dir}/report.html`);
    expect(demo.html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(demo.expected.generator.seed).toBe(20261005);
  });

  it("matches expected.json: totals, untagged per layer, every mode, bypass, retries, cache, substitution, drift, teams", () => {
    checkPlantedAnswer(demo.report, demo.expected);
  });

  it("prices the audit with the demo's prices.yaml; report.json follows the JSON Schema", () => {
    expect(demo.report.pricing.priceFiles).toEqual([`${demo.dir}/prices.yaml`]);
    expect(schemaErrors(demo.report)).toEqual([]);
  });
});

describe("spendtrail demo with bad options", () => {
  it("exits 2 with a usage message before writing anything", async () => {
    for (const [flag, value, message] of [
      ["--scale", "abc", "--scale abc: expected a number"],
      ["--scale", "0", "demo scale must be a number above 0"],
      ["--seed", "1.5", "demo seed must be an integer"],
    ]) {
      const io = memoryIo();
      const out = join(tmpdir(), "spendtrail-demo-never-written");
      expect(await run(["demo", "--out", out, flag ?? "", value ?? ""], io)).toBe(2);
      expect(io.err()).toContain(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe("spendtrail demo --seed 7 --scale 0.5: another workload, the same exactness", () => {
  let demo: DemoRun;
  beforeAll(async () => {
    demo = await runDemo("--seed", "7", "--scale", "0.5");
  }, 300_000);
  afterAll(() => {
    if (demo !== undefined) rmSync(dirname(demo.dir), { recursive: true, force: true });
  });

  it("matches its own expected.json", () => {
    expect(demo.code).toBe(0);
    expect(demo.expected.generator).toMatchObject({ seed: 7, scale: 0.5 });
    checkPlantedAnswer(demo.report, demo.expected);
  });
});
