import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { type FixtureCall, loadCalls } from "./fixtures/findings.js";
import { type RollupNode, type RollupReport, rollups } from "./rollups.js";

// Prices (USD / MTok): gpt-4o 2 in, 8 out; gpt-4o-mini 0.5 in, 2 out; acme-llm unpriced.
const DAY = 86400;
const CALLS: FixtureCall[] = [
  // 2025-03-03
  // 1000*2 + 100*8 = 2800 -> 0.0028
  {
    key: "c1",
    trace: "t1",
    at: 0,
    tokens: [1000, 0, 0, 100],
    identity: { team: "search", project: "web", feature: "autocomplete", tenant: "acme" },
  },
  // the same call seen by its span: not counted again
  {
    key: "c1-span",
    source: "span",
    trace: "t1",
    span: "s1",
    service: "web",
    at: 0,
    responseId: "c1",
    tokens: [1000, 0, 0, 100],
    identity: { team: "search" },
  },
  // 2000*0.5 + 500*2 = 2000 -> 0.002
  {
    key: "c2",
    trace: "t2",
    at: 10,
    model: "gpt-4o-mini",
    tokens: [2000, 0, 0, 500],
    identity: { team: "search", project: "web", feature: "autocomplete", tenant: "globex" },
  },
  // 500*2 = 1000 -> 0.001
  {
    key: "c3",
    trace: "t3",
    at: 20,
    tokens: [500, 0, 0, 0],
    identity: { team: "search", project: "web", tenant: "acme" },
  },
  // 100*2 + 100*8 = 1000 -> 0.001; "unknown" and "" count as untagged
  {
    key: "c4",
    trace: "t4",
    at: 30,
    tokens: [100, 0, 0, 100],
    identity: { team: "search", project: "unknown", tenant: "" },
  },
  // a span call outside the ledger: 1000*2 -> 0.002
  {
    key: "c9",
    source: "span",
    trace: "t9",
    span: "s9",
    service: "lab",
    at: 40,
    tokens: [1000, 0, 0, 0],
    identity: { team: "research" },
  },
  // 2025-03-04
  // 10000*0.5 + 1000*2 = 7000 -> 0.007
  {
    key: "c5",
    trace: "t5",
    at: DAY,
    model: "gpt-4o-mini",
    tokens: [10000, 0, 0, 1000],
    identity: { team: "support", project: "help", feature: "chat", tenant: "acme" },
  },
  // 100*2 + 10*8 = 280 -> 0.00028, no team
  { key: "c6", trace: "t6", at: DAY + 10, tokens: [100, 0, 0, 10], identity: { tenant: "acme" } },
  // gateway cache hit: a call, 0 USD, its tokens not billed
  {
    key: "c7",
    trace: "t7",
    at: DAY + 20,
    status: "cache_hit",
    tokens: [100, 0, 0, 10],
    identity: { team: "support", project: "help", feature: "chat", tenant: "acme" },
  },
  // unpriced model: 1000 tokens, no USD
  {
    key: "c8",
    trace: "t8",
    at: DAY + 30,
    model: "acme-llm",
    tokens: [1000, 0, 0, 0],
    identity: { team: "support", project: "help", feature: "chat", tenant: "acme" },
  },
];

const tokens = (uncachedInput: number, output: number) => ({
  uncachedInput,
  cacheRead: 0,
  cacheWrite: 0,
  output,
  total: uncachedInput + output,
});

describe("rollups", () => {
  let engine: ChdbEngine;
  let report: RollupReport;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await loadCalls(engine, CALLS);
    report = await rollups(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("totals every call once", () => {
    expect(report.total).toEqual({
      calls: 9, // c1-c9, the span of c1 not counted
      // 1000+2000+500+100+1000+10000+100+1000 input, 100+500+100+1000+10 output (c7 not billed)
      tokens: tokens(15700, 1710),
      spend: "0.01608", // 0.0028 + 0.002 + 0.001 + 0.001 + 0.002 + 0.007 + 0.00028
      unpricedTokens: 1000,
    });
  });

  it("rolls spend up team > project > feature with untagged buckets", () => {
    const shape = (nodes: RollupNode[]): unknown =>
      nodes.map((n) => [n.key, n.calls, n.spend, shape(n.children)]);
    expect(shape(report.teams)).toEqual([
      ["support", 3, "0.007", [["help", 3, "0.007", [["chat", 3, "0.007", []]]]]],
      [
        "search",
        4,
        "0.0068",
        [
          [
            "web",
            3,
            "0.0058",
            [
              ["autocomplete", 2, "0.0048", []],
              ["(untagged)", 1, "0.001", []],
            ],
          ],
          ["(untagged)", 1, "0.001", [["(untagged)", 1, "0.001", []]]],
        ],
      ],
      ["research", 1, "0.002", [["(untagged)", 1, "0.002", [["(untagged)", 1, "0.002", []]]]]],
      ["(untagged)", 1, "0.00028", [["(untagged)", 1, "0.00028", [["(untagged)", 1, "0.00028", []]]]]],
    ]);
    expect(report.teams[0]).toMatchObject({ tokens: tokens(11000, 1000), unpricedTokens: 1000 });
  });

  it("rolls spend up per tenant, model and day", () => {
    const brief = (rows: { key: string; calls: number; spend: string | null }[]) =>
      rows.map((r) => [r.key, r.calls, r.spend]);
    expect(brief(report.tenants)).toEqual([
      ["acme", 6, "0.01108"], // 0.0028 + 0.001 + 0.007 + 0.00028 + 0 + c8
      ["(untagged)", 2, "0.003"], // c4 + c9
      ["globex", 1, "0.002"],
    ]);
    expect(brief(report.models)).toEqual([
      ["gpt-4o-mini", 2, "0.009"],
      ["gpt-4o", 6, "0.00708"], // c1, c3, c4, c6, c7 (cache hit), c9
      ["acme-llm", 1, null],
    ]);
    expect(brief(report.days)).toEqual([
      ["2025-03-03", 5, "0.0088"],
      ["2025-03-04", 4, "0.00728"],
    ]);
  });

  it("rolls spend up per day and team, for spend by team over time", () => {
    const days = report.teamDays.map((r) => [r.key, r.team, r.calls, r.spend]);
    expect(days).toEqual([
      ["2025-03-03", "research", 1, "0.002"],
      ["2025-03-03", "search", 4, "0.0068"],
      ["2025-03-04", "support", 3, "0.007"],
      ["2025-03-04", "(untagged)", 1, "0.00028"],
    ]);
    // Each day's teams add up to that day's figures.
    for (const day of report.days) {
      const parts = report.teamDays.filter((r) => r.key === day.key);
      expect(parts.reduce((n, r) => n + r.calls, 0)).toBe(day.calls);
    }
    expect(report.teamDays.map((r) => r.key)).toEqual([...report.teamDays.map((r) => r.key)].sort());
  });
});
