import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_MS } from "../analyses/fixtures/world.js";
import { INTEGRITY_CHECKS } from "../analyses/integrityModel.js";
import { FAILURE_MODES, RECOVERY_SOURCES } from "../analyses/modeIds.js";
import { PII_KINDS } from "../analyses/privacySql.js";
import { RECONCILE_PROBLEMS } from "../analyses/reconcileTypes.js";
import { TIMELINE_MARKS } from "../analyses/timelineModel.js";
import { DEFAULT_CONTRACT } from "../contract/default.js";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { detectFormat } from "../formats/registry.js";
import { openInput } from "../formats/source.js";
import { ingestFiles } from "../ingest/index.js";
import { EngineSink } from "../ingest/sink.js";
import { buildAuditReport } from "./build.js";
import { reportSchema, schemaErrors } from "./fixtures/schemaCheck.js";
import { REPORT_PRICES, reportWorld, usagePage } from "./fixtures/world.js";
import { hashAuditReport } from "./hash.js";
import { inputsFromIngest } from "./inputs.js";
import type { AuditReport } from "./model.js";

let engine: ChdbEngine;
beforeAll(async () => {
  engine = await ChdbEngine.open();
});
afterAll(() => engine.close());

const NOW = new Date("2026-11-01T00:00:00Z");
const noDefaults = () => [];

describe("buildAuditReport on the samples", () => {
  let report: AuditReport;
  beforeAll(async () => {
    const summary = await ingestFiles(engine, ["samples"], { contract: DEFAULT_CONTRACT });
    report = await buildAuditReport(engine, {
      contract: DEFAULT_CONTRACT,
      inputs: inputsFromIngest(summary),
      now: NOW,
    });
  });

  it("validates against the JSON Schema", () => {
    expect(schemaErrors(report)).toEqual([]);
    expect(report.schemaVersion).toBe("1.0");
  });

  it("prices the ledger with the rate card and ranks the fixes", () => {
    expect(report.headline).toMatchObject({
      totalSpend: "0.06440236",
      ledgerCalls: 6,
      untaggedCalls: 3,
      untaggedSpend: "0.0398919",
      unpricedShare: 0,
      unpricedModels: [],
      outsideLedgerSpend: "0",
    });
    expect(report.headline.layers.map((l) => [l.layer, l.untaggedSpend, l.recoverableSpend])).toEqual([
      ["tenant", "0.0273169", "0.0271225"],
      ["team", "0.0127694", "0.012575"],
      ["workload", "0.0398919", "0.0396975"],
    ]);
    expect(report.fixes.map((f) => [f.rank, f.mode, f.spend, f.calls, f.firstDivergence])).toEqual([
      [1, "gateway_header_filter", "0.0271225", 1, "report-worker -> litellm-proxy"],
      [
        2,
        "async_context_loss",
        "0.0271225",
        1,
        "report-worker[weekly_report.workflow] -> report-worker[openai.chat]",
      ],
      [3, "master_key_fallback", "0.012575", 1, "support-bot -> litellm-proxy"],
      [4, "no_trace", "0.0001944", 1, "(untraced) -> ledger"],
    ]);
  });

  it("finds no drift where the gateway's spend matches the rate card", () => {
    expect(report.drift).toMatchObject({
      calls: 6,
      reportedSpend: "0.06440236",
      delta: "0",
      ratio: 1,
      finding: false,
    });
    expect(report.rollups.total.spend).toBe(report.headline.totalSpend);
    expect(report.notes).toEqual([]);
  });

  it("evaluates alerts, checks integrity and privacy; no provider export, no reconciliation", () => {
    expect(report.alerts).toMatchObject({
      settings: { source: "(defaults)", ratio: "2", webhooks: 0 },
      window: { current: { from: "2026-10-08T00:00:00.000Z" }, days: 7, anchor: "latest_call" },
      groups: 3,
      alerts: [],
    });
    expect(report.reconciliation).toBeNull();
    expect(report.integrity.checked).toEqual({ spans: 14, traces: 4, logLines: 0, calls: 6 });
    expect(report.integrity.checks.map((c) => [c.check, c.count])).toEqual(
      INTEGRITY_CHECKS.map((c) => [c, 0]),
    );
    expect(report.privacy.scanned).toEqual({ spans: 14, logLines: 0, captures: 0 });
    expect(report.privacy.findings).toEqual([]);
  });

  it("carries the timeline of every example trace of the fixes, keyed by trace id", () => {
    const examples = [...new Set(report.fixes.flatMap((f) => f.exampleTraceIds))];
    expect(Object.keys(report.timelines)).toEqual(examples);
    expect(examples).toEqual(["a23a46cb7126be7dcea28a01946e63cb", "56c14ba8f7dc2a3c1045d997ae397eb5"]);
    for (const [id, timeline] of Object.entries(report.timelines)) {
      expect([timeline.traceId, timeline.found]).toEqual([id, true]);
    }
  });

  it("hashes identity values with --hash-identities, timelines and alerts included", () => {
    const hashed = hashAuditReport(report, { salt: "s" });
    expect(schemaErrors(hashed)).toEqual([]);
    const teams = hashed.rollups.teams.map((x) => x.key);
    expect(teams).toContain("(untagged)");
    expect(teams.filter((x) => x !== "(untagged)").every((x) => /^h:[0-9a-f]{16}$/.test(x))).toBe(true);
    const json = JSON.stringify(hashed);
    for (const value of ["analytics", "initech", "globex-inc"]) expect(json).not.toContain(`"${value}"`);
    expect(Object.keys(hashed.timelines)).toEqual(Object.keys(report.timelines));
  });
});

describe("buildAuditReport on a small fixture", () => {
  let report: AuditReport;
  beforeAll(async () => {
    await reportWorld().load(engine);
    report = await buildAuditReport(engine, {
      contract: DEFAULT_CONTRACT,
      prices: [REPORT_PRICES],
      defaults: noDefaults,
      now: NOW,
    });
  });

  it("validates against the JSON Schema, whose enums are the code's ids", () => {
    expect(schemaErrors(report)).toEqual([]);
    const defs = reportSchema().$defs as Record<string, { enum?: string[] }>;
    expect(defs.failureMode?.enum).toEqual([...FAILURE_MODES]);
    expect(defs.recoverySource?.enum).toEqual([...RECOVERY_SOURCES]);
    expect(defs.integrityCheckId?.enum).toEqual([...INTEGRITY_CHECKS]);
    expect(defs.piiKind?.enum).toEqual([...PII_KINDS]);
    expect(defs.timelineMark?.enum).toEqual([...TIMELINE_MARKS]);
    expect(defs.reconcileProblemCode?.enum).toEqual([...RECONCILE_PROBLEMS]);
    expect(defs.noteCode?.enum).toEqual(
      expect.arrayContaining(RECONCILE_PROBLEMS.map((code) => `reconcile_${code}`)),
    );
  });

  it("states the headline: ledger spend, untagged, unpriced and outside-ledger figures", () => {
    expect(report.headline).toMatchObject({
      totalSpend: "0.0108",
      ledgerCalls: 3,
      untaggedCalls: 2,
      untaggedSpend: "0.008",
      unpricedShare: 330 / 5930,
      unpricedModels: [{ model: "acme-llm", tokens: 330, calls: 1 }],
      outsideLedgerSpend: "0.0025",
      outsideLedgerCalls: 1,
    });
    expect(report.headline.layers[0]).toMatchObject({ layer: "tenant", untaggedShare: 0.008 / 0.0108 });
    expect(report.fixes.map((f) => [f.mode, f.spend, f.share, f.firstDivergence])).toEqual([
      ["gateway_header_filter", "0.008", 1, "web -> ledger"],
      ["no_trace", "0", 0, "(untraced) -> ledger"],
    ]);
    expect(report.bypass).toMatchObject({
      calls: 1,
      spend: "0.0025",
      services: [{ service: "batch-job", calls: 1, spend: "0.0025" }],
    });
  });

  it("compares the gateway's spend with the rate card per model", () => {
    expect(report.drift).toMatchObject({
      calls: 2,
      reportedSpend: "0.0116",
      rateCardSpend: "0.0108",
      delta: "0.0008",
      finding: true,
      callsWithoutReportedSpend: 1,
      unpricedCalls: 0,
    });
    expect(report.drift.ratio).toBeCloseTo(0.0116 / 0.0108, 12);
    expect(report.drift.byModel.map((m) => [m.model, m.calls, m.delta, m.finding])).toEqual([
      ["gpt-4o", 2, "0.0008", true],
    ]);
  });

  it("says in notes what it could not use", () => {
    expect(report.notes.map((n) => [n.code, n.count])).toEqual([
      ["unpriced_models", 1],
      ["unpriced_calls", 1],
      ["gateway_drift", 1],
      ["drift_not_compared", 1],
    ]);
    expect(report.notes[0]?.message).toBe(
      "1 model not on the rate card, left out of spend (never priced at 0): acme-llm (330 tokens); add them with --prices FILE",
    );
  });

  it("names the input files a stored database knows, without guessing record counts", () => {
    expect(report.inputs).toEqual({
      origin: "database",
      files: [{ path: "spend.json", format: "litellm-spendlogs", records: null, skipped: null, issues: 0 }],
      formats: [{ format: "litellm-spendlogs", files: 1 }],
      records: null,
      skipped: null,
      issues: 0,
    });
  });

  it("reports a period over its calls only and leaves the stored data as it was", async () => {
    const from = new Date(BASE_MS + 5_000);
    const period = await buildAuditReport(engine, {
      contract: DEFAULT_CONTRACT,
      prices: [REPORT_PRICES],
      defaults: noDefaults,
      from,
      now: NOW,
    });
    expect(period.period).toEqual({ from: from.toISOString(), to: null });
    expect(period.headline).toMatchObject({
      totalSpend: "0.008",
      ledgerCalls: 2,
      outsideLedgerSpend: "0.0025",
    });
    expect(schemaErrors(period)).toEqual([]);
    const [row] = await engine.query<{ n: number; db: string }>(
      sql("SELECT count() AS n, currentDatabase() AS db FROM llm_calls"),
    );
    expect(row).toEqual({ n: 6, db: "default" });
  });
});

describe("buildAuditReport with a provider usage export", () => {
  const dir = mkdtempSync(join(tmpdir(), "spendtrail-report-usage-"));
  let report: AuditReport;
  beforeAll(async () => {
    await reportWorld().load(engine);
    await engine.exec(sql("TRUNCATE TABLE provider_usage"));
    const path = join(dir, "openai-usage.json");
    writeFileSync(path, usagePage());
    const input = await openInput(path);
    const reader = detectFormat(input.sample);
    const sink = new EngineSink(engine, { file: path, format: reader?.id ?? "", keepContent: false });
    await reader?.read(input, sink);
    await sink.flush();
    report = await buildAuditReport(engine, {
      contract: DEFAULT_CONTRACT,
      prices: [REPORT_PRICES],
      defaults: noDefaults,
      now: NOW,
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reconciles the ledger with the export and turns its warnings into notes", () => {
    expect(schemaErrors(report)).toEqual([]);
    const openai = report.reconciliation?.providers[0];
    expect(openai?.provider).toBe("openai");
    expect(openai?.total.usage.tokens.total).toBe(5600);
    // The bypassed gpt-4o-mini call explains its 2000 tokens; acme-llm is only in the ledger.
    expect(openai?.total.explanation.bypass.tokens.total).toBe(2000);
    expect(openai?.total.explanation.unmatchedModels.tokens.total).toBe(-330);
    expect(openai?.total.explanation.residual.tokens.total).toBe(0);
    expect(report.notes.filter((n) => n.code.startsWith("reconcile_"))).toEqual([
      {
        code: "reconcile_unpriced_models",
        count: 1,
        message:
          "Reconciliation: the rate card does not price acme-llm (330 tokens): spend is not compared on their lines; add them to a price file (--prices)",
      },
    ]);
  });
});
