import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import { type FixtureCall, loadCalls, traceHex } from "./fixtures/findings.js";
import { loadFindingsRateCard, modelSubstitutions } from "./substitution.js";

// Prices (USD / MTok): gpt-4o 2 in, 1 cache read, 8 out; gpt-4o-mini 0.5 / 0.25 / 2.
const CALLS: FixtureCall[] = [
  // Asked gpt-4o, served gpt-4o-mini: 2000*0.5 + 1000*2 = 3000 -> 0.003 served;
  // as gpt-4o 2000*2 + 1000*8 = 12000 -> 0.012; difference -0.009.
  {
    key: "m1",
    trace: "t1",
    at: 0,
    model: "gpt-4o",
    responseModel: "gpt-4o-mini-2024-07-18",
    tokens: [2000, 0, 0, 1000],
  },
  // 1000*0.5 + 200*0.25 + 100*2 = 750 -> 0.00075 served; as gpt-4o 1000*2 + 200*1 + 100*8 = 3000 -> 0.003.
  {
    key: "m2",
    trace: "t2",
    at: 10,
    model: "gpt-4o",
    responseModel: "gpt-4o-mini-2024-07-18",
    tokens: [1000, 200, 0, 100],
  },
  // Asked gpt-4o-mini, served gpt-4o: 1000*2 + 100*8 = 2800 -> 0.0028; as mini 1000*0.5 + 100*2 = 700 -> 0.0007.
  {
    key: "u1",
    trace: "t3",
    at: 20,
    model: "gpt-4o-mini",
    responseModel: "gpt-4o",
    tokens: [1000, 0, 0, 100],
  },
  // A gateway alias: served gpt-4o 100*2 + 10*8 = 280 -> 0.00028; "smart" has no price.
  { key: "a1", trace: "t4", at: 30, model: "smart", responseModel: "gpt-4o", tokens: [100, 0, 0, 10] },
  // Snapshots and aliases of the requested model are not substitutions.
  {
    key: "s1",
    trace: "t5",
    at: 40,
    model: "gpt-4o",
    responseModel: "gpt-4o-2024-08-06",
    tokens: [100, 0, 0, 10],
  },
  {
    key: "s2",
    trace: "t6",
    at: 50,
    provider: "anthropic",
    model: "claude-3-5-sonnet-latest",
    responseModel: "claude-3-5-sonnet-20241022",
    tokens: [100, 0, 0, 10],
  },
];

const PRICES = new URL("./fixtures/finding-prices.yaml", import.meta.url).pathname;

describe("modelSubstitutions", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await loadCalls(engine, CALLS);
    await loadFindingsRateCard(engine, { overrides: loadPriceFiles([PRICES]), defaults: () => [] });
  });
  afterAll(async () => {
    await engine.close();
  });

  it("prices substituted calls as served and as requested", async () => {
    const report = await modelSubstitutions(engine);
    expect(report).toEqual({
      calls: 4,
      servedSpend: "0.00683", // 0.003 + 0.00075 + 0.0028 + 0.00028
      requestedSpend: "0.0157", // 0.012 + 0.003 + 0.0007 (smart unpriced)
      difference: "-0.00915", // (0.00375 - 0.015) + (0.0028 - 0.0007)
      comparedCalls: 3,
      pairs: [
        {
          requestModel: "gpt-4o",
          responseModel: "gpt-4o-mini-2024-07-18",
          requestFamily: "gpt-4o",
          responseFamily: "gpt-4o-mini",
          calls: 2,
          servedSpend: "0.00375",
          requestedSpend: "0.015",
          difference: "-0.01125",
          comparedCalls: 2,
          exampleTraceIds: [traceHex("t1"), traceHex("t2")],
        },
        expect.objectContaining({
          requestModel: "gpt-4o-mini",
          responseModel: "gpt-4o",
          servedSpend: "0.0028",
          requestedSpend: "0.0007",
          difference: "0.0021",
        }),
        expect.objectContaining({
          requestModel: "smart",
          responseFamily: "gpt-4o",
          calls: 1,
          servedSpend: "0.00028",
          requestedSpend: null,
          difference: null,
          comparedCalls: 0,
        }),
      ],
    });
  });

  it("reports nothing when every call got the model family it asked for", async () => {
    await modelSubstitutions(engine); // writes finding_calls
    await engine.exec(
      sql(
        "CREATE OR REPLACE TABLE only_same ENGINE = Memory AS SELECT * FROM finding_calls WHERE call_key LIKE 'gateway:s%'",
      ),
    );
    const report = await modelSubstitutions(engine, { calls: "only_same" });
    expect(report).toEqual({
      calls: 0,
      servedSpend: null,
      requestedSpend: null,
      difference: null,
      comparedCalls: 0,
      pairs: [],
    });
  });
});
