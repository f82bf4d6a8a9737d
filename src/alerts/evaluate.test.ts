import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureCall, loadCalls } from "../analyses/fixtures/findings.js";
import { ChdbEngine } from "../engine/chdb.js";
import { DEFAULT_ALERT_CONFIG } from "./config.js";
import { evaluateAlerts } from "./evaluate.js";
import type { AlertConfig } from "./types.js";

// Calls start on 2025-03-03 10:00 UTC (a Monday). `--now 2025-03-17` compares 03-10..03-16 with
// 03-03..03-09. Prices (fixtures/finding-prices.yaml): gpt-4o 2 / 8 USD per MTok, gpt-4o-mini 0.5 / 2.
const day = (d: number, seconds = 0) => d * 86_400 + seconds;
const NOW = new Date("2025-03-17T00:00:00Z");

const CALLS: FixtureCall[] = [
  // search, previous: 2 x (1000 in, 500 out) gpt-4o = 1000 output, 2 x 0.006 = 0.012 USD.
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
  // search, current: 500 + 2000 + 1000 = 3500 output (x3.5); 0.006 + 0.018 + 0.0025 = 0.0265 USD (x2.208333).
  {
    key: "c1",
    at: day(7),
    tokens: [1000, 0, 0, 500],
    service: "api",
    identity: { team: "search", feature: "answer" },
  },
  // c1's span (same response id): the same call, never counted twice.
  {
    key: "c1-span",
    source: "span",
    trace: "s1",
    span: "a1",
    at: day(7) - 0.1,
    dur: 2,
    service: "api",
    responseId: "c1",
    tokens: [1000, 0, 0, 500],
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
    model: "gpt-4o-mini",
    tokens: [1000, 0, 0, 1000],
    service: "worker",
    identity: { team: "search", feature: "summarise" },
  },
  // Outside both periods: ignored.
  { key: "old", at: day(-1), tokens: [1000, 0, 0, 90_000], identity: { team: "search" } },
  { key: "late", at: day(14), tokens: [1000, 0, 0, 90_000], identity: { team: "search" } },
  // support: 1 call (1000 out, 0.01 USD) -> two retry chains, each a timeout that billed usage then an ok.
  {
    key: "r0",
    trace: "r0",
    at: day(2),
    tokens: [1000, 0, 0, 1000],
    identity: { team: "support", feature: "chat" },
  },
  ...[
    ["r1", "r1", day(10), "timeout"],
    ["r2", "r1", day(10, 40), "ok"],
    ["r3", "r3", day(11), "timeout"],
    ["r4", "r3", day(11, 40), "ok"],
  ].map(
    ([key, trace, at, status]): FixtureCall => ({
      key: String(key),
      trace: String(trace),
      at: Number(at),
      dur: 30,
      status: status as "ok" | "timeout",
      tokens: [1000, 0, 0, 1000],
      identity: { team: "support", feature: "chat" },
    }),
  ),
  // tiny: 10 -> 500 output tokens, far above the ratio, under the minimum.
  { key: "t1", at: day(3), model: "gpt-4o-mini", tokens: [10, 0, 0, 10], identity: { team: "tiny" } },
  { key: "t2", at: day(12), model: "gpt-4o-mini", tokens: [10, 0, 0, 500], identity: { team: "tiny" } },
  // flat: exactly x2 is not above x2.
  { key: "f1", at: day(4), tokens: [0, 0, 0, 1000], identity: { team: "flat" } },
  { key: "f2", at: day(13), tokens: [0, 0, 0, 2000], identity: { team: "flat" } },
  // "unknown" counts as missing: the (untagged) group, 1000 -> 5000.
  { key: "u1", at: day(5), tokens: [0, 0, 0, 1000], identity: { team: "unknown" } },
  { key: "u2", at: day(12), tokens: [0, 0, 0, 5000], identity: { team: "unknown" } },
];

const CONFIG: AlertConfig = {
  ...DEFAULT_ALERT_CONFIG,
  rule: { ratio: "2", minOutputTokens: 1000, minSpend: "0.01" },
};

describe("evaluateAlerts", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await loadCalls(engine, CALLS);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("compares the last full period with the one before, per team and metric", async () => {
    const run = await evaluateAlerts(engine, CONFIG, { now: NOW });
    expect(run.window).toEqual({
      previous: { from: "2025-03-03T00:00:00.000Z", to: "2025-03-10T00:00:00.000Z" },
      current: { from: "2025-03-10T00:00:00.000Z", to: "2025-03-17T00:00:00.000Z" },
      days: 7,
      anchor: "now",
    });
    expect(run.groups).toBe(5);
    expect(run.alerts.map((a) => [a.id, a.previous, a.current, a.ratio])).toEqual([
      ["wow/output_tokens/team=(untagged)/2025-03-10/7d", "1000", "5000", "5.000000"],
      ["wow/spend/team=(untagged)/2025-03-10/7d", "0.008", "0.04", "5.000000"],
      ["wow/output_tokens/team=support/2025-03-10/7d", "1000", "4000", "4.000000"],
      ["wow/spend/team=support/2025-03-10/7d", "0.01", "0.04", "4.000000"],
      ["wow/output_tokens/team=search/2025-03-10/7d", "1000", "3500", "3.500000"],
      ["wow/spend/team=search/2025-03-10/7d", "0.012", "0.0265", "2.208333"],
    ]);
  });

  it("names the driver: feature, model and service that grew, and more tokens per call", async () => {
    const run = await evaluateAlerts(engine, CONFIG, { now: NOW });
    const search = run.alerts.find((a) => a.id === "wow/output_tokens/team=search/2025-03-10/7d");
    expect(search?.driver).toEqual({
      cause: "per_call",
      model: [
        { value: "gpt-4o", previous: "1000", current: "2500", delta: "1500", share: 0.6 },
        { value: "gpt-4o-mini", previous: "0", current: "1000", delta: "1000", share: 0.4 },
      ],
      feature: [{ value: "summarise", previous: "0", current: "3000", delta: "3000", share: 1.2 }],
      service: [
        { value: "api", previous: "1000", current: "2500", delta: "1500", share: 0.6 },
        { value: "worker", previous: "0", current: "1000", delta: "1000", share: 0.4 },
      ],
      calls: { previous: 2, current: 3 },
      perCall: { previous: "500.000000", current: "1166.666667" },
      retries: { previousAttempts: 0, currentAttempts: 0, previous: "0", current: "0" },
    });
    expect(search?.summary).toBe(
      "search: output tokens 1,000 -> 3,500 (x3.50) in 2025-03-10..2025-03-16 vs the 7 days before; " +
        "driver: feature summarise +3,000; model gpt-4o +1,500; service api +1,500; more per call (500 -> 1,166.7 per call)",
    );
  });

  it("says when retries (attempts beyond the first of a chain) carry the jump", async () => {
    const run = await evaluateAlerts(engine, CONFIG, { now: NOW });
    const support = run.alerts.find((a) => a.id === "wow/spend/team=support/2025-03-10/7d");
    expect(support?.driver).toMatchObject({
      cause: "retries",
      calls: { previous: 1, current: 4 },
      retries: { previousAttempts: 0, currentAttempts: 2, previous: "0", current: "0.02" },
    });
  });

  it("applies per-team overrides", async () => {
    const config: AlertConfig = {
      ...CONFIG,
      metrics: ["output_tokens"],
      teams: { tiny: { minOutputTokens: 100, webhooks: [] }, support: { ratio: "4", webhooks: [] } },
    };
    const run = await evaluateAlerts(engine, config, { now: NOW });
    expect(run.alerts.map((a) => [a.team, a.ratio])).toEqual([
      ["tiny", "50.000000"],
      ["(untagged)", "5.000000"],
      ["search", "3.500000"],
    ]);
    expect(run.alerts[0]?.rule).toEqual({ ratio: "2", minOutputTokens: 100, minSpend: "0.01" });
  });

  it("groups per team and feature when asked; a group new this period has no ratio", async () => {
    const run = await evaluateAlerts(engine, { ...CONFIG, by: "team,feature" }, { now: NOW });
    expect(run.alerts.map((a) => a.id)).toEqual([
      "wow/output_tokens/team=(untagged)/feature=(untagged)/2025-03-10/7d",
      "wow/spend/team=(untagged)/feature=(untagged)/2025-03-10/7d",
      "wow/output_tokens/team=support/feature=chat/2025-03-10/7d",
      "wow/spend/team=support/feature=chat/2025-03-10/7d",
    ]);
    expect(run.alerts[2]?.group).toEqual({ team: "support", feature: "chat" });
  });

  it("anchors on the latest call without --now: its day counts as complete", async () => {
    const run = await evaluateAlerts(engine, CONFIG);
    expect(run.window?.current).toEqual({ from: "2025-03-11T00:00:00.000Z", to: "2025-03-18T00:00:00.000Z" });
    expect(run.window?.anchor).toBe("latest_call");
  });
});
