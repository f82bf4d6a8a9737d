import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { loadPriceFiles } from "./price-file.js";
import { pricedSpendSql } from "./priced-spend.js";
import { loadRateCard } from "./rate-card-table.js";
import type { PriceResolution } from "./resolve.js";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

interface CallInput {
  key: string;
  at: string;
  provider: string | null;
  model: string | null;
  responseModel?: string | null;
  status?: string;
  source?: string;
  tokens: [uncached: number, cacheRead: number, cacheWrite: number, output: number] | null;
  input?: number;
}

function row(c: CallInput): Record<string, unknown> {
  const [u, r, w, o] = c.tokens ?? [null, null, null, null];
  return {
    call_key: c.key,
    source: c.source ?? "gateway",
    source_format: "test",
    source_file: "test",
    provider: c.provider,
    request_model: c.model,
    response_model: c.responseModel === undefined ? c.model : c.responseModel,
    input_tokens: c.input ?? (c.tokens === null ? null : (u ?? 0) + (r ?? 0) + (w ?? 0)),
    uncached_input_tokens: u,
    cache_read_tokens: r,
    cache_write_tokens: w,
    output_tokens: o,
    status: c.status ?? "ok",
    start_time: c.at,
    end_time: c.at,
  };
}

// Hand-worked prices (USD per million tokens, genai-prices 0.1.8 unless noted); cost = tokens * rate / 1e6.
const CALLS: CallInput[] = [
  // o3 price change on 2025-06-10: 10 in / 40 out before, 2 / 8 from that day.
  // 1000*10 + 500*40 = 30000 -> 0.03
  {
    key: "o3-before",
    at: "2025-06-09T23:00:00Z",
    provider: "openai",
    model: "o3",
    tokens: [1000, 0, 0, 500],
  },
  // 1000*2 + 500*8 = 6000 -> 0.006
  { key: "o3-after", at: "2025-06-10T01:00:00Z", provider: "openai", model: "o3", tokens: [1000, 0, 0, 500] },
  // OpenAI reports 1149 input INCLUDING 1024 cached: buckets 125 uncached + 1024 cache read; gpt-4o 2.5 / 1.25 / 10.
  // 125*2.5 = 312.5, 1024*1.25 = 1280, 300*10 = 3000 -> 4592.5 -> 0.0045925
  // (pricing all 1149 at 2.5 plus 1024 at 1.25 would give 0.0071525: the double count this guards against)
  {
    key: "openai-cached",
    at: "2025-02-01T10:00:00Z",
    provider: "openai",
    model: "gpt-4o-2024-08-06",
    tokens: [125, 1024, 0, 300],
    input: 1149,
  },
  // Anthropic reports input EXCLUSIVE of cache: 7 + 16399 read + 2089 write; claude-3-5-sonnet 3 / 0.3 / 3.75 / 15.
  // 7*3 = 21, 16399*0.3 = 4919.7, 2089*3.75 = 7833.75, 503*15 = 7545 -> 20319.45 -> 0.02031945
  {
    key: "anthropic-cached",
    at: "2025-02-01T10:00:00Z",
    provider: "anthropic",
    model: "claude-3-5-sonnet-20241022",
    tokens: [7, 16399, 2089, 503],
  },
  // Unknown model: listed with its 1200 tokens, no cost.
  {
    key: "unknown",
    at: "2025-02-01T10:00:00Z",
    provider: "acme",
    model: "acme-llm-7b",
    tokens: [1000, 0, 0, 200],
  },
  // Gateway cache hit: costs 0; would have cost 1000*2.5 + 100*10 = 3500 -> 0.0035 (saved).
  {
    key: "cache-hit",
    at: "2025-02-01T10:00:00Z",
    provider: "openai",
    model: "gpt-4o",
    status: "cache_hit",
    tokens: [1000, 0, 0, 100],
  },
  // Rate-limited attempt without usage: 0.
  {
    key: "failed",
    at: "2025-02-01T10:00:00Z",
    provider: "openai",
    model: "gpt-4o",
    status: "rate_limited",
    tokens: null,
  },
  // Asked for gpt-4o, served gpt-4o-mini-2024-07-18 (0.15 / 0.6): 2000*0.15 + 1000*0.6 = 900 -> 0.0009
  // (at the requested gpt-4o it would be 0.015)
  {
    key: "substituted",
    at: "2025-02-01T10:00:00Z",
    provider: "openai",
    model: "gpt-4o",
    responseModel: "gpt-4o-mini-2024-07-18",
    tokens: [2000, 0, 0, 1000],
  },
  // Stream cancelled by the client after 87 output tokens; claude-sonnet-4-5 3 / 15.
  // 1200*3 + 87*15 = 3600 + 1305 = 4905 -> 0.004905
  {
    key: "cancelled",
    at: "2025-02-01T10:00:00Z",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    status: "client_cancelled",
    tokens: [1200, 0, 0, 87],
  },
  // LiteLLM price file: gemini-2.0-flash 1.5e-07 / 3.75e-08 / 6e-07 per token = 0.15 / 0.0375 / 0.6 per MTok.
  // 10000*0.15 + 2000*0.0375 + 1000*0.6 = 1500 + 75 + 600 = 2175 -> 0.002175 (the default would give 0.00145)
  {
    key: "litellm-override",
    at: "2025-02-01T10:00:00Z",
    provider: "gcp.vertex_ai",
    model: "gemini-2.0-flash",
    tokens: [10000, 2000, 0, 1000],
  },
  // prices.yaml: acme-internal 1 / 2 from 2025-01-01, 0.5 / 1 from 2025-02-01, nothing before.
  // unpriced (before the first row): 2,000,000 tokens
  {
    key: "acme-early",
    at: "2024-12-15T10:00:00Z",
    provider: null,
    model: "acme-internal",
    tokens: [1e6, 0, 0, 1e6],
  },
  // 1e6*1 + 1e6*2 -> 3
  {
    key: "acme-jan",
    at: "2025-01-15T10:00:00Z",
    provider: null,
    model: "acme-internal",
    tokens: [1e6, 0, 0, 1e6],
  },
  // 1e6*0.5 + 1e6*1 -> 1.5
  {
    key: "acme-feb",
    at: "2025-02-15T10:00:00Z",
    provider: null,
    model: "acme-internal",
    tokens: [1e6, 0, 0, 1e6],
  },
  // prices.yaml: gpt-4o at 2 / 8 from 2025-03-01: 1000*2 + 1000*8 = 10000 -> 0.01 (default would be 0.0125)
  {
    key: "gpt4o-override",
    at: "2025-03-05T10:00:00Z",
    provider: "openai",
    model: "gpt-4o",
    tokens: [1000, 0, 0, 1000],
  },
  // The o3-before call seen again as a span: only counted when span rows are selected.
  {
    key: "o3-span",
    source: "span",
    at: "2025-06-09T23:00:00Z",
    provider: "openai",
    model: "o3",
    tokens: [1000, 0, 0, 500],
  },
];

// Sum of the priced gateway calls above:
// 0.03 + 0.006 + 0.0045925 + 0.02031945 + 0 + 0 + 0.0009 + 0.004905 + 0.002175 + 3 + 1.5 + 0.01 = 4.57889195
const GATEWAY_TOTAL = "4.57889195";
const gateway = { sources: ["gateway"] as const };

describe("pricedSpendSql", () => {
  let engine: ChdbEngine;
  let resolutions: PriceResolution[];
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await engine.insert("llm_calls", CALLS.map(row));
    const overrides = loadPriceFiles([fixture("litellm-prices.json"), fixture("prices.yaml")]);
    resolutions = await loadRateCard(engine, { overrides });
  });
  afterAll(async () => {
    await engine.close();
  });

  const perCall = async () => {
    const rows = await engine.query<{ call_key: string; total_cost: string | null }>(
      pricedSpendSql(["call_key", "day"], gateway),
    );
    return Object.fromEntries(
      rows.map((r) => [`${r.call_key}@${String(Reflect.get(r, "day"))}`, r.total_cost]),
    );
  };

  it("prices each call exactly, by bucket and effective date", async () => {
    expect(await perCall()).toEqual({
      "acme-early@2024-12-15": null,
      "acme-feb@2025-02-15": "1.5",
      "acme-jan@2025-01-15": "3",
      "anthropic-cached@2025-02-01": "0.02031945",
      "cache-hit@2025-02-01": "0",
      "cancelled@2025-02-01": "0.004905",
      "failed@2025-02-01": "0",
      "gpt4o-override@2025-03-05": "0.01",
      "litellm-override@2025-02-01": "0.002175",
      "o3-after@2025-06-10": "0.006",
      "o3-before@2025-06-09": "0.03",
      "openai-cached@2025-02-01": "0.0045925",
      "substituted@2025-02-01": "0.0009",
      "unknown@2025-02-01": null,
    });
  });

  it("splits cost by bucket", async () => {
    const [anthropic] = await engine
      .query(
        pricedSpendSql(["model"], { ...gateway, from: new Date("2025-02-01"), to: new Date("2025-02-02") }),
      )
      .then((rows) => rows.filter((r) => r.model === "claude-3-5-sonnet-20241022"));
    expect(anthropic).toMatchObject({
      uncached_input_tokens: 7,
      cache_read_tokens: 16399,
      cache_write_tokens: 2089,
      output_tokens: 503,
      input_cost: "0.000021",
      cache_read_cost: "0.0049197",
      cache_write_cost: "0.00783375",
      output_cost: "0.007545",
      total_cost: "0.02031945",
      rate_sources: [expect.stringMatching(/^genai-prices@/)],
    });
  });

  it("lists unknown models with their tokens and the unpriced share", async () => {
    const rows = await engine.query(pricedSpendSql([], gateway));
    expect(rows).toEqual([
      expect.objectContaining({
        calls: 14,
        calls_without_usage: 1,
        cache_hit_calls: 1,
        // 1500+1500+1449+18998+1200+0+3000+1287+13000+2e6*3+2000 (the cache hit's 1100 excluded)
        total_tokens: 6043934,
        unpriced_tokens: 2001200,
        unpriced_calls: 2,
        unpriced_models: ["acme-internal", "acme-llm-7b"],
        total_cost: GATEWAY_TOTAL,
        cache_hit_tokens: 1100,
        cache_hit_saved_cost: "0.0035",
      }),
    ]);
    const byModel = await engine.query(
      pricedSpendSql(["model"], { ...gateway, from: new Date("2025-02-01"), to: new Date("2025-02-02") }),
    );
    expect(byModel.find((r) => r.model === "acme-llm-7b")).toMatchObject({
      total_tokens: 1200,
      unpriced_tokens: 1200,
      total_cost: null,
      input_cost: null,
    });
  });

  it("prices a substituted call by the response model and zero-costs cache hits and failures", async () => {
    const rows = await engine.query(
      pricedSpendSql(["status", "model"], {
        ...gateway,
        from: new Date("2025-02-01"),
        to: new Date("2025-02-02"),
      }),
    );
    const pick = (status: string, model: string) =>
      rows.find((r) => r.status === status && r.model === model);
    expect(pick("ok", "gpt-4o-mini-2024-07-18")).toMatchObject({ calls: 1, total_cost: "0.0009" });
    expect(pick("cache_hit", "gpt-4o")).toMatchObject({
      total_tokens: 0,
      total_cost: "0",
      cache_hit_saved_cost: "0.0035",
    });
    expect(pick("rate_limited", "gpt-4o")).toMatchObject({ calls_without_usage: 1, total_cost: "0" });
    expect(pick("client_cancelled", "claude-sonnet-4-5")).toMatchObject({
      output_tokens: 87,
      total_cost: "0.004905",
    });
  });

  it("filters by source and time", async () => {
    const all = await engine.query<{ total_cost: string }>(pricedSpendSql([]));
    expect(all[0]?.total_cost).toBe("4.60889195"); // GATEWAY_TOTAL + the o3 span's 0.03
    const spans = await engine.query<{ total_cost: string }>(pricedSpendSql([], { sources: ["span"] }));
    expect(spans[0]?.total_cost).toBe("0.03");
    const june = { ...gateway, from: new Date("2025-06-01T00:00:00Z"), to: new Date("2025-06-10T00:00:00Z") };
    expect((await engine.query<{ total_cost: string }>(pricedSpendSql([], june)))[0]?.total_cost).toBe(
      "0.03",
    );
  });

  it("keeps Decimal money for use as a subquery", async () => {
    const inner = pricedSpendSql(["provider"], gateway, { money: "decimal" });
    const rows = await engine.query(
      sql(
        `SELECT toTypeName(total_cost) AS t, toString(sum(total_cost)) AS s FROM (${inner.text}) GROUP BY t`,
        inner.params,
      ),
    );
    expect(rows).toEqual([{ t: "Nullable(Decimal(38, 18))", s: GATEWAY_TOTAL }]);
  });

  it("reports which pairs the rate card could not price", () => {
    const unpriced = resolutions.filter((r) => r.periods.length === 0).map((r) => `${r.provider}/${r.model}`);
    expect(unpriced).toEqual(["acme/acme-llm-7b"]);
  });
});
