import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { type CacheReport, cacheFindings } from "./cache.js";
import { BASE_MS, type FixtureCall, loadCalls, traceHex } from "./fixtures/findings.js";

// Prices (USD / MTok, fixtures/finding-prices.yaml): gpt-4o 2 in, 1 cache read, 8 out;
// gpt-4o-mini 0.5 / 0.25 / 2; claude-3-5-sonnet 3 in, 0.3 cache read, 3.75 cache write, 15 out.
const HITS: FixtureCall[] = [
  // would have cost 1000*2 + 100*8 = 2800 -> 0.0028
  { key: "h1", trace: "tc1", at: 10, status: "cache_hit", tokens: [1000, 0, 0, 100] },
  // 500*2 + 50*8 = 1400 -> 0.0014
  { key: "h2", trace: "tc2", at: 20, status: "cache_hit", tokens: [500, 0, 0, 50] },
  // gpt-4o-mini: 2000*0.5 + 100*2 = 1200 -> 0.0012
  { key: "h3", trace: "tc3", at: 30, model: "gpt-4o-mini", status: "cache_hit", tokens: [2000, 0, 0, 100] },
  // no usage stated: saving unknown
  { key: "h4", trace: "tc4", at: 40, status: "cache_hit", tokens: null },
  // a model without a price: 110 tokens, saving not priced
  { key: "h5", trace: "tc5", at: 50, model: "acme-llm", status: "cache_hit", tokens: [100, 0, 0, 10] },
];

const READS: FixtureCall[] = [
  // 1024 cache-read tokens: 1024*1 = 1024 -> 0.001024; at the input rate 1024*2 -> 0.002048; discount 0.001024
  { key: "r1", trace: "tr1", at: 60, tokens: [125, 1024, 0, 300] },
  // 16399 read: 16399*0.3 = 4919.7 -> 0.0049197; at input 16399*3 = 49197 -> 0.049197; discount 0.0442773
  {
    key: "r2",
    trace: "tr2",
    at: 70,
    provider: "anthropic",
    model: "claude-3-5-sonnet-20241022",
    tokens: [7, 16399, 2089, 503],
  },
  // a gateway cache hit is not a provider cache read
  { key: "r3", trace: "tr3", at: 80, status: "cache_hit", tokens: [0, 100, 0, 10] },
  // unpriced: 10 + 200 + 5 = 215 tokens outside the USD figures
  { key: "r4", trace: "tr4", at: 90, model: "acme-llm", tokens: [10, 200, 0, 5] },
];

// Fingerprint "support-bot / claude-3-5-sonnet / chat": inputs 60, 4900, 5000, 5000, 5050, 5100,
// median (5000 + 5000) / 2 = 5000; 60 < 2500 is an inferred hit.
const SUPPORT = [5000, 5100, 4900, 5050, 60, 5000].map(
  (input, i): FixtureCall => ({
    key: `s${i}`,
    source: "span",
    trace: `ts${i}`,
    span: `span-s${i}`,
    service: "support-bot",
    at: 100 + i,
    model: "claude-3-5-sonnet",
    tokens: [input, 0, 0, 100],
  }),
);
// Prompt "summarise" version 3 (span attribute) across two services: 200, 790, 800, 810, 820,
// median 800; 200 < 400 is a hit.
const SUMMARISE = [800, 820, 200, 790, 810].map(
  (input, i): FixtureCall => ({
    key: `p${i}`,
    source: "span",
    trace: `tp${i}`,
    span: `span-p${i}`,
    service: i % 2 === 0 ? "reports" : "digest",
    at: 200 + i,
    tokens: [input, 0, 0, 50],
  }),
);
// Only 4 calls: too few for a median, the drop is not reported.
const FEW = [900, 900, 900, 10].map(
  (input, i): FixtureCall => ({
    key: `f${i}`,
    source: "span",
    trace: `tf${i}`,
    span: `span-f${i}`,
    service: "rare",
    at: 300 + i,
    tokens: [input, 0, 0, 5],
  }),
);

function promptSpan(c: FixtureCall): Record<string, unknown> {
  return {
    Timestamp: new Date(BASE_MS + c.at * 1000).toISOString(),
    TraceId: traceHex(c.trace ?? ""),
    SpanId: c.span,
    ServiceName: c.service,
    SpanName: "chat",
    SpanAttributes: { "gen_ai.prompt.name": "summarise", "gen_ai.prompt.version": "3" },
  };
}

describe("cacheFindings", () => {
  let engine: ChdbEngine;
  let report: CacheReport;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await loadCalls(engine, [...HITS, ...READS, ...SUPPORT, ...SUMMARISE, ...FEW]);
    await engine.insert("otel_traces", SUMMARISE.map(promptSpan));
    report = await cacheFindings(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("prices gateway cache hits as the spend they saved", () => {
    expect(report.gateway).toEqual({
      calls: 6, // h1-h5 and r3
      callsWithoutUsage: 1,
      tokens: 3970, // 1100 + 550 + 2100 + 110 + r3's 110
      // 0.0028 + 0.0014 + 0.0012 + r3's 100 cache-read * 1 + 10 * 8 = 180 -> 0.00018
      savedSpend: "0.00558",
      unpricedCalls: 1,
      byModel: [
        { model: "acme-llm", calls: 1, tokens: 110, savedSpend: null },
        { model: "gpt-4o", calls: 4, tokens: 1760, savedSpend: "0.00438" }, // h1, h2, h4, r3
        { model: "gpt-4o-mini", calls: 1, tokens: 2100, savedSpend: "0.0012" },
      ],
      exampleTraceIds: [traceHex("tc1"), traceHex("tc2"), traceHex("tc3")],
    });
  });

  it("reports provider prompt-cache reads and their discount against the input rate", () => {
    expect(report.promptCache).toEqual({
      calls: 3,
      cacheReadTokens: 17623, // 1024 + 16399 + 200
      unpricedTokens: 215,
      cacheReadSpend: "0.0059437", // 0.001024 + 0.0049197
      atInputRate: "0.051245", // 0.002048 + 0.049197
      discount: "0.0453013",
      byModel: [
        {
          model: "claude-3-5-sonnet-20241022",
          calls: 1,
          cacheReadTokens: 16399,
          cacheReadSpend: "0.0049197",
          atInputRate: "0.049197",
          discount: "0.0442773",
        },
        {
          model: "gpt-4o",
          calls: 1,
          cacheReadTokens: 1024,
          cacheReadSpend: "0.001024",
          atInputRate: "0.002048",
          discount: "0.001024",
        },
        {
          model: "acme-llm",
          calls: 1,
          cacheReadTokens: 200,
          cacheReadSpend: null,
          atInputRate: null,
          discount: null,
        },
      ],
    });
  });

  it("infers cache hits from input tokens far below the fingerprint's median", () => {
    expect(report.inferred).toEqual({
      calls: 2,
      fingerprints: 2,
      fingerprintsChecked: 2,
      byFingerprint: [
        {
          fingerprint: "prompt summarise@3",
          calls: 5,
          medianInputTokens: 800,
          hits: 1,
          examples: [{ traceId: traceHex("tp2"), callKey: "span:p2", inputTokens: 200 }],
        },
        {
          fingerprint: "support-bot / claude-3-5-sonnet / chat",
          calls: 6,
          medianInputTokens: 5000,
          hits: 1,
          examples: [{ traceId: traceHex("ts4"), callKey: "span:s4", inputTokens: 60 }],
        },
      ],
    });
  });
});
