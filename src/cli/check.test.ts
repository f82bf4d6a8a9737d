import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureCall, loadCalls } from "../analyses/fixtures/findings.js";
import { ChdbEngine } from "../engine/chdb.js";
import { memoryIo } from "./io.js";
import { run } from "./main.js";

// Ledger rows only (fixtures/finding-prices.yaml: gpt-4o 2 / 8, gpt-4o-mini 0.5 / 2 USD per MTok):
// 3 x 0.006 (gpt-4o) + 0.0025 (gpt-4o-mini) = 0.0205 USD.
// team: 0.018 tagged = 87.80%; tenant: 0.0145 tagged = 70.73%.
const CALLS: FixtureCall[] = [
  { key: "g1", at: 0, tokens: [1000, 0, 0, 500], identity: { team: "search", tenant: "acme" } },
  { key: "g2", at: 10, tokens: [1000, 0, 0, 500], identity: { team: "search", tenant: "acme" } },
  { key: "g3", at: 20, tokens: [1000, 0, 0, 500], identity: { team: "search" } },
  { key: "g4", at: 30, model: "gpt-4o-mini", tokens: [1000, 0, 0, 1000], identity: { tenant: "globex" } },
];
const PRICES = new URL("../analyses/fixtures/finding-prices.yaml", import.meta.url).pathname;

const dir = mkdtempSync(join(tmpdir(), "check-cli-"));
const db = join(dir, "db");

async function check(...argv: string[]) {
  const io = memoryIo();
  const code = await run(["check", ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

describe("spendtrail check", () => {
  beforeAll(async () => {
    const engine = await ChdbEngine.open({ dir: db });
    await loadCalls(engine, CALLS);
    await engine.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 0 when every layer reaches its bar", async () => {
    const r = await check("--db", db, "--prices", PRICES, "--fail-under", "team=0.85,tenant=70%");
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        "Spend-weighted coverage of the ledger (priced with the rate card):",
        "  tenant   70.73%   bar 70.00%   ok    untagged $0.0060 of $0.0205 (1 calls)",
        "  team     87.80%   bar 85.00%   ok    untagged $0.0025 of $0.0205 (1 calls)",
        "",
        "Check passed.",
        "",
      ].join("\n"),
    );
  });

  it("exits 1 below the bar, printing the modes that cost the layer most", async () => {
    const r = await check("--db", db, "--prices", PRICES, "--fail-under", "team=0.9");
    expect(r.code).toBe(1);
    expect(r.out).toContain("  team     87.80%   bar 90.00%   FAIL  untagged $0.0025 of $0.0205 (1 calls)");
    // A ledger row with no span at all: no_trace.
    expect(r.out).toMatch(
      /Modes costing team the most:\n {2}1\. no_trace: \$0\.0025 in 1 calls, first divergence \(untraced\) -> ledger\n {5}fix: /,
    );
    expect(r.out).toContain("Check failed: team below the bar.");
  });

  it("exits 2 for a bad --fail-under, naming what is wrong", async () => {
    const cases: [string | null, string][] = [
      [null, "--fail-under: required; e.g. --fail-under team=0.95,tenant=0.9"],
      ["team=1.5", "--fail-under: team=1.5 is not a share between 0 and 1 (or 0% to 100%)"],
      ["cost_center=0.9", '--fail-under: unknown layer "cost_center"; layers: tenant, team, workload'],
      ["team", '--fail-under: "team" is not layer=share'],
      ["team=0.9,team=0.8", "--fail-under: team given twice"],
    ];
    for (const [bars, message] of cases) {
      const r = await check("--db", db, ...(bars === null ? [] : ["--fail-under", bars]));
      expect(r.code).toBe(2);
      expect(r.err).toContain(`spendtrail: ${message}`);
      expect(r.out).toBe("");
    }
  });

  it("exits 2 without input, and for input with nothing usable", async () => {
    const none = await check("--fail-under", "team=0.9");
    expect(none.code).toBe(2);
    expect(none.err).toContain(
      "check: give input files or directories, --gateway postgres://..., or --db DIR",
    );
    const junk = join(dir, "junk.txt");
    writeFileSync(junk, "not telemetry\n");
    const bad = await check(junk, "--fail-under", "team=0.9");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`nothing usable was read from ${junk}`);
  });
});
