import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Receiver, startReceiver } from "../alerts/fixtures/receiver.js";
import { type FixtureCall, loadCalls } from "../analyses/fixtures/findings.js";
import { ChdbEngine } from "../engine/chdb.js";
import { memoryIo } from "./io.js";
import { run } from "./main.js";

// 2025-03-03 10:00 UTC onwards; --now 2025-03-17 compares 03-10..03-16 with 03-03..03-09.
// search: 1000 -> 3500 output tokens (x3.5), 0.012 -> 0.034 USD (x2.833333); support +10% only.
const day = (d: number) => d * 86_400;
const CALLS: FixtureCall[] = [
  {
    key: "p1",
    at: day(0),
    tokens: [1000, 0, 0, 500],
    service: "api",
    identity: { team: "search", feature: "answer" },
  },
  {
    key: "p2",
    at: day(1),
    tokens: [1000, 0, 0, 500],
    service: "api",
    identity: { team: "search", feature: "answer" },
  },
  {
    key: "c1",
    at: day(7),
    tokens: [1000, 0, 0, 500],
    service: "api",
    identity: { team: "search", feature: "answer" },
  },
  {
    key: "c2",
    at: day(8),
    tokens: [1000, 0, 0, 2000],
    service: "api",
    identity: { team: "search", feature: "summarise" },
  },
  {
    key: "c3",
    at: day(9),
    tokens: [1000, 0, 0, 1000],
    service: "api",
    identity: { team: "search", feature: "summarise" },
  },
  { key: "s1", at: day(2), tokens: [1000, 0, 0, 1000], identity: { team: "support" } },
  { key: "s2", at: day(9), tokens: [1000, 0, 0, 1100], identity: { team: "support" } },
];
const PRICES = new URL("../analyses/fixtures/finding-prices.yaml", import.meta.url).pathname;
const SEARCH_OUTPUT = "wow/output_tokens/team=search/2025-03-10/7d";
const SEARCH_SPEND = "wow/spend/team=search/2025-03-10/7d";

const dir = mkdtempSync(join(tmpdir(), "alerts-cli-"));
const db = join(dir, "db");

function config(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function alerts(...argv: string[]) {
  const io = memoryIo();
  const code = await run(["alerts", "--db", db, "--prices", PRICES, "--now", "2025-03-17", ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

describe("spendtrail alerts", () => {
  let receiver: Receiver;
  let rules: string;
  beforeAll(async () => {
    const engine = await ChdbEngine.open({ dir: db });
    await loadCalls(engine, CALLS);
    await engine.close();
    receiver = await startReceiver({ "/finops": "ok", "/search": "ok", "/hang": "hang" });
    rules = config(
      "alerts.yaml",
      `alerts:
  minOutputTokens: 1000
  minSpend: 0.01
  teams:
    search: { webhook: { url: "${receiver.url("/search")}", format: slack } }
  webhooks: ["${receiver.url("/finops")}"]
`,
    );
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the alerts with their drivers; a dry run sends nothing", async () => {
    const r = await alerts("--config", rules, "--dry-run");
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `${[
        `Week-over-week alerts per team on output tokens, spend (rules: ${rules})`,
        "  fires above x2.00, at least 1,000 output tokens / $0.01 spend in the current period",
        "  own rules or webhooks: search",
        "  2025-03-10..2025-03-16 vs 2025-03-03..2025-03-09, 2 groups compared",
        "",
        "2 alerts:",
        "  search: output tokens 1,000 -> 3,500 (x3.50)",
        "    driver: feature summarise +3,000; model gpt-4o +2,500; service api +2,500; more per call (500 -> 1,166.7 per call)",
        `    id ${SEARCH_OUTPUT}`,
        "  search: spend $0.01 -> $0.03 (x2.83)",
        "    driver: feature summarise +$0.03; model gpt-4o +$0.02; service api +$0.02; more per call ($0.0060 -> $0.0113 per call)",
        `    id ${SEARCH_SPEND}`,
        "",
        "Deliveries: 0 sent, 0 already sent, 0 failed, 4 would be sent (dry run)",
        `  ${SEARCH_OUTPUT} -> ${receiver.url("/finops")} (json): would send`,
        `  ${SEARCH_OUTPUT} -> ${receiver.url("/search")} (slack): would send`,
        `  ${SEARCH_SPEND} -> ${receiver.url("/finops")} (json): would send`,
        `  ${SEARCH_SPEND} -> ${receiver.url("/search")} (slack): would send`,
      ].join("\n")}\n`,
    );
    expect(receiver.hits("/finops") + receiver.hits("/search")).toBe(0);
  });

  it("delivers each alert to each webhook once, across runs", async () => {
    const first = await alerts("--config", rules, "--format", "json");
    expect(first.code).toBe(0);
    expect(first.err).toBe("");
    const doc = JSON.parse(first.out) as {
      schemaVersion: string;
      alerts: { id: string }[];
      delivery: { sent: number };
    };
    expect(doc.schemaVersion).toBe("1.0");
    expect(doc.alerts.map((a) => a.id)).toEqual([SEARCH_OUTPUT, SEARCH_SPEND]);
    expect(doc.delivery.sent).toBe(4);
    expect(receiver.hits("/finops")).toBe(2);
    expect(receiver.hits("/search")).toBe(2);

    const second = await alerts("--config", rules);
    expect(second.code).toBe(0);
    expect(second.out).toContain("Deliveries: 0 sent, 4 already sent, 0 failed");
    expect(receiver.hits("/finops") + receiver.hits("/search")).toBe(4);
  });

  it("exits 2 naming a webhook that hangs, and sends that alert again next run", async () => {
    const hanging = config(
      "hang.yaml",
      `alerts: { minOutputTokens: 1000, metrics: [output_tokens], webhooks: [{ url: "${receiver.url("/hang")}", timeoutMs: 50, retries: 0 }] }\n`,
    );
    const r = await alerts("--config", hanging);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `spendtrail: alert ${SEARCH_OUTPUT} not delivered: webhook ${receiver.url("/hang")}: no response within 50 ms, after 1 attempt\n`,
    );
    expect((await alerts("--config", hanging)).code).toBe(2);
    expect(receiver.hits("/hang")).toBe(2);
  });

  it("groups per team and feature with --by", async () => {
    const r = await alerts("--config", rules, "--by", "team,feature", "--dry-run", "--format", "json");
    const doc = JSON.parse(r.out) as { alerts: { id: string }[] };
    expect(doc.alerts.map((a) => a.id)).toEqual([]);
  });

  it("exits 2 for a bad config, --now or --by", async () => {
    const bad = config("bad.yaml", "alerts:\n  ratio: 0.5\n");
    const r = await alerts("--config", bad);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `spendtrail: ${bad}: alerts.ratio: expected a number above 1, e.g. 2 (current / previous)\n`,
    );
    expect((await alerts("--now", "last week")).err).toContain("--now last week: expected a UTC day");
    expect((await alerts("--by", "feature")).err).toBe(
      "spendtrail: --by feature: expected team, team,project or team,feature\n",
    );
  });
});
