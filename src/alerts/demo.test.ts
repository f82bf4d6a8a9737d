import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFindingsRateCard } from "../analyses/substitution.js";
import { memoryIo } from "../cli/io.js";
import { run } from "../cli/main.js";
import { DEFAULT_CONTRACT } from "../contract/index.js";
import { type ExpectedAnswer, writeDemo } from "../demo/index.js";
import { ChdbEngine } from "../engine/chdb.js";
import { ingestFiles } from "../ingest/index.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import { DEFAULT_ALERT_CONFIG } from "./config.js";
import { evaluateAlerts } from "./evaluate.js";
import type { AlertRun } from "./types.js";

// The demo plants one week-over-week jump: support's output tokens in week 3, driven by
// ticket-summary. One ingest (kept in a database directory) serves every test here.
describe("alerts on the demo workload", () => {
  const dir = mkdtempSync(join(tmpdir(), "alerts-demo-"));
  const db = join(dir, "db");
  const prices = join(dir, "demo", "prices.yaml");
  let expected: ExpectedAnswer;
  let atDefaults: AlertRun;
  let byFeature: AlertRun;

  beforeAll(async () => {
    const demo = await writeDemo(join(dir, "demo"));
    expected = demo.expected;
    const engine = await ChdbEngine.open({ dir: db });
    try {
      const data = demo.paths.filter((p) => !p.endsWith("prices.yaml") && !p.endsWith("expected.json"));
      await ingestFiles(engine, data, { contract: DEFAULT_CONTRACT });
      await loadFindingsRateCard(engine, { overrides: loadPriceFiles([prices]) });
      atDefaults = await evaluateAlerts(engine, DEFAULT_ALERT_CONFIG);
      byFeature = await evaluateAlerts(engine, { ...DEFAULT_ALERT_CONFIG, by: "team,feature" });
    } finally {
      await engine.close();
    }
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds the planted jump and nothing else at the defaults", () => {
    const wow = expected.week_over_week;
    expect(atDefaults.window?.current.from).toBe(`${wow.week_start}T00:00:00.000Z`);
    expect(atDefaults.window?.previous.from).toBe(`${wow.previous_week_start}T00:00:00.000Z`);
    expect(atDefaults.alerts.map((a) => [a.id, a.previous, a.current, a.ratio])).toEqual([
      [
        `wow/output_tokens/team=${wow.team}/${wow.week_start}/7d`,
        String(wow.previous_output_tokens),
        String(wow.output_tokens),
        wow.ratio,
      ],
    ]);
    expect(wow.alerts_over_2x).toHaveLength(1);
  });

  it("names the planted feature as the driver, and more tokens per call as the cause", () => {
    const wow = expected.week_over_week;
    const driver = atDefaults.alerts[0]?.driver;
    expect(driver?.feature[0]).toMatchObject({
      value: wow.feature,
      previous: String(wow.feature_previous_output_tokens),
      current: String(wow.feature_output_tokens),
    });
    expect(driver?.cause).toBe("per_call");
    expect(driver?.service[0]?.value).toBe("support-bot");
  });

  it("per team and feature, the planted feature fires", () => {
    const wow = expected.week_over_week;
    expect(byFeature.alerts.map((a) => a.group)).toEqual([{ team: wow.team, feature: wow.feature }]);
  });

  it("alerts CLI: a dry run over the kept database prints the same alert", async () => {
    const io = memoryIo();
    const code = await run(["alerts", "--db", db, "--prices", prices, "--format", "json", "--dry-run"], io);
    expect(io.err()).toBe("");
    expect(code).toBe(0);
    const doc = JSON.parse(io.out()) as { alerts: { id: string }[]; delivery: unknown };
    expect(doc.alerts.map((a) => a.id)).toEqual(atDefaults.alerts.map((a) => a.id));
    expect(doc.delivery).toBeNull();
  });

  it("check CLI: fails bars the planted failures break, naming the costliest modes", async () => {
    // The planted team loss: master-key rows without a team (expected.json), about 2% of the ledger.
    const lost = expected.modes.master_key_fallback;
    const ledger = Number(expected.spend.ledger_usd);
    const coverage = (((ledger - Number(lost.spend_usd)) / ledger) * 100).toFixed(2);
    const io = memoryIo();
    const code = await run(
      ["check", "--db", db, "--prices", prices, "--fail-under", "team=0.99,tenant=0.95"],
      io,
    );
    expect(code).toBe(1);
    const usd = `$${Number(lost.spend_usd).toFixed(4)}`;
    expect(io.out()).toContain(`  team     ${coverage}%   bar 99.00%   FAIL  untagged ${usd} of $`);
    expect(io.out()).toContain(
      `Modes costing team the most:\n  1. master_key_fallback: ${usd} in ${lost.calls} calls, first divergence ${lost.first_divergence?.[0]}`,
    );
    expect(io.out()).toContain("Check failed: tenant, team below the bar.");
  });
});
