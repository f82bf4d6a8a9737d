import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { type FixtureCall, loadCalls, traceHex } from "./fixtures/findings.js";
import { retryChains } from "./retries.js";

// gpt-4o at 2 USD / MTok input, 8 output (fixtures/finding-prices.yaml). Each trace starts 1000 s apart.
const CALLS: FixtureCall[] = [
  // t1: 429 without usage, then ok: 1000*2 + 500*8 = 6000 -> 0.006; extra 0 (a failure without usage costs 0).
  // The ok attempt's span (same response id) gives the row its service; the span is not a second call.
  {
    key: "a1",
    trace: "t1",
    at: 1000,
    dur: 0.2,
    status: "rate_limited",
    tokens: null,
    identity: { team: "search" },
  },
  { key: "a2", trace: "t1", at: 1002, tokens: [1000, 0, 0, 500] },
  {
    key: "a2-span",
    source: "span",
    trace: "t1",
    span: "s1",
    service: "checkout",
    at: 1001.9,
    dur: 1.2,
    responseId: "a2",
    tokens: [1000, 0, 0, 500],
  },
  // t2, span calls outside the ledger: timeout that reported usage 2000*2 + 100*8 = 4800 -> 0.0048 (extra),
  // 5xx without usage, then ok 2000*2 + 400*8 = 7200 -> 0.0072. Chain spend 0.012.
  ...[
    { key: "b1", at: 2000, dur: 30, status: "timeout", tokens: [2000, 0, 0, 100] },
    { key: "b2", at: 2031, status: "provider_error", tokens: null },
    { key: "b3", at: 2033, dur: 2, tokens: [2000, 0, 0, 400] },
  ].map(
    (c): FixtureCall =>
      ({
        ...c,
        source: "span",
        trace: "t2",
        span: c.key,
        service: "chat",
        identity: { team: "support" },
      }) as FixtureCall,
  ),
  // t3: the same request sent twice (same input tokens, one after the other): 1500*2 + 200*8 = 4600 -> 0.0046 extra.
  // The third call sends different input: a new request.
  { key: "c1", trace: "t3", at: 3000, tokens: [1500, 0, 0, 200], identity: { team: "unknown" } },
  { key: "c2", trace: "t3", at: 3005, tokens: [1500, 0, 0, 200] },
  { key: "c3", trace: "t3", at: 3010, tokens: [3000, 0, 0, 200] },
  // t4: an agent loop (growing input, all ok) is not a retry.
  { key: "d1", trace: "t4", at: 4000, tokens: [100, 0, 0, 10] },
  { key: "d2", trace: "t4", at: 4002, tokens: [200, 0, 0, 10] },
  { key: "d3", trace: "t4", at: 4004, tokens: [300, 0, 0, 10] },
  // t5: the next attempt comes 119 s after the 429 ended: outside the 60 s window.
  { key: "e1", trace: "t5", at: 5000, status: "rate_limited", tokens: null },
  { key: "e2", trace: "t5", at: 5120, tokens: [100, 0, 0, 10] },
  // t6: two 429s, the request never succeeded: 2 attempts, 0 spend.
  {
    key: "f1",
    trace: "t6",
    at: 6000,
    dur: 0.1,
    status: "rate_limited",
    tokens: null,
    identity: { team: "search" },
  },
  {
    key: "f2",
    trace: "t6",
    at: 6001,
    dur: 0.1,
    status: "rate_limited",
    tokens: null,
    identity: { team: "search" },
  },
  // t7: after the 429 a different model is asked: a different request.
  { key: "g1", trace: "t7", at: 7000, status: "rate_limited", tokens: null },
  { key: "g2", trace: "t7", at: 7001, model: "gpt-4o-mini", tokens: [100, 0, 0, 10] },
  // t8: two parallel calls with the same prompt overlap in time: not a resend.
  { key: "h1", trace: "t8", at: 8000, dur: 2, tokens: [700, 0, 0, 10] },
  { key: "h2", trace: "t8", at: 8000.5, dur: 2, tokens: [700, 0, 0, 10] },
  // t9: an unpriced model: the timed-out attempt reported usage but has no price.
  {
    key: "i1",
    trace: "t9",
    at: 9000,
    model: "acme-llm",
    status: "timeout",
    tokens: [100, 0, 0, 10],
    identity: { team: "research" },
  },
  { key: "i2", trace: "t9", at: 9002, model: "acme-llm", tokens: [100, 0, 0, 10] },
  // t10: LiteLLM writes 0 tokens on a failed row without usage: that 0 is not a different request.
  {
    key: "k1",
    trace: "t10",
    at: 10000,
    dur: 0.2,
    status: "rate_limited",
    tokens: [0, 0, 0, 0],
    identity: { team: "billing" },
  },
  { key: "k2", trace: "t10", at: 10001, tokens: [800, 0, 0, 50], identity: { team: "billing" } },
  // no trace id: never chained.
  { key: "j1", trace: "", at: 9500, status: "rate_limited", tokens: null },
  { key: "j2", trace: "", at: 9501, tokens: [100, 0, 0, 10] },
];

describe("retryChains", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await loadCalls(engine, CALLS);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("finds chains and prices their extra attempts", async () => {
    const report = await retryChains(engine);
    expect(report).toMatchObject({
      chains: 6, // t1, t2, t3, t6, t9, t10
      extraAttempts: 7, // 1 + 2 + 1 + 1 + 1 + 1
      extraSpend: "0.0094", // 0 + 0.0048 + 0.0046 + 0 + 0 + 0
      succeeded: 5, // all but t6
      unpricedAttempts: 1, // t9's timed-out attempt
    });
    expect(report.byTeamService).toEqual([
      {
        team: "support",
        service: "chat",
        chains: 1,
        extraAttempts: 2,
        extraSpend: "0.0048",
        exampleTraceIds: [traceHex("t2")],
      },
      {
        team: "(untagged)",
        service: "(unknown)",
        chains: 1,
        extraAttempts: 1,
        extraSpend: "0.0046",
        exampleTraceIds: [traceHex("t3")],
      },
      {
        team: "billing",
        service: "(unknown)",
        chains: 1,
        extraAttempts: 1,
        extraSpend: "0",
        exampleTraceIds: [traceHex("t10")],
      },
      {
        team: "research",
        service: "(unknown)",
        chains: 1,
        extraAttempts: 1,
        extraSpend: "0",
        exampleTraceIds: [traceHex("t9")],
      },
      {
        team: "search",
        service: "(unknown)",
        chains: 1,
        extraAttempts: 1,
        extraSpend: "0",
        exampleTraceIds: [traceHex("t6")],
      },
      {
        team: "search",
        service: "checkout",
        chains: 1,
        extraAttempts: 1,
        extraSpend: "0",
        exampleTraceIds: [traceHex("t1")],
      },
    ]);
  });

  it("lists each chain's attempts and final status", async () => {
    const { topChains } = await retryChains(engine, { listChains: 3 });
    expect(topChains).toEqual([
      {
        traceId: traceHex("t2"),
        service: "chat",
        team: "support",
        requestModel: "gpt-4o",
        attempts: 3,
        statuses: ["timeout", "provider_error", "ok"],
        finalStatus: "ok",
        spend: "0.012",
        extraSpend: "0.0048",
        startTime: "2025-03-03 10:33:20.000000000",
      },
      expect.objectContaining({
        traceId: traceHex("t3"),
        attempts: 2,
        statuses: ["ok", "ok"],
        spend: "0.0092",
      }),
      expect.objectContaining({
        traceId: traceHex("t1"),
        team: "search", // the first attempt's row carried it, the retry's did not
        statuses: ["rate_limited", "ok"],
        spend: "0.006",
        extraSpend: "0",
      }),
    ]);
  });

  it("widens the window on request", async () => {
    const report = await retryChains(engine, { windowSeconds: 200, calls: "finding_calls" });
    expect(report.chains).toBe(7); // t5 joins
    expect(report.topChains.find((c) => c.traceId === traceHex("t5"))).toMatchObject({
      statuses: ["rate_limited", "ok"],
      finalStatus: "ok",
    });
  });
});
