import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureCall, loadCalls } from "../analyses/fixtures/findings.js";
import { renderCsv } from "../cli/render.js";
import { ChdbEngine } from "../engine/chdb.js";
import { type FocusExport, type FocusRow, focusExport } from "./focus.js";
import { exportColumns, focusColumns } from "./focusColumns.js";
import { validateColumns, validateFocus, validateRows } from "./focusRules.js";

// Prices (USD / MTok, finding-prices.yaml): gpt-4o 2 in, 1 cache read, 8 out; gpt-4o-mini 0.5 in,
// 2 out; claude-3-5-sonnet 3 in, 0.3 cache read, 3.75 cache write, 15 out; acme-llm unpriced.
const DAY = 86400;
const WEB = { team: "search", project: "web", feature: "autocomplete", tenant: "acme", workload: "rank" };
const CALLS: FixtureCall[] = [
  // 2025-03-03. 1000*2 + 200*1 + 100*8 = 3000 -> 0.003
  { key: "c1", trace: "t1", at: 0, tokens: [1000, 200, 0, 100], identity: WEB },
  // its span: the same call, not counted again
  {
    key: "c1-span",
    source: "span",
    trace: "t1",
    span: "s1",
    at: 0,
    responseId: "c1",
    tokens: [1000, 200, 0, 100],
  },
  // 500*2 + 50*8 = 1400 -> 0.0014; same group as c1: 0.0044
  { key: "c2", trace: "t2", at: 60, tokens: [500, 0, 0, 50], identity: WEB },
  // 100*3 + 1000*0.3 + 200*3.75 + 50*15 = 2100 -> 0.0021
  {
    key: "c3",
    trace: "t3",
    at: 120,
    provider: "anthropic",
    model: "claude-3-5-sonnet",
    tokens: [100, 1000, 200, 50],
    identity: { team: "support", tenant: "globex" },
  },
  // no team: 2000*0.5 + 500*2 = 2000 -> 0.002
  {
    key: "c4",
    trace: "t4",
    at: 180,
    model: "gpt-4o-mini",
    tokens: [2000, 0, 0, 500],
    identity: { tenant: "acme" },
  },
  // "unknown" is no team either: 1000*0.5 = 500 -> 0.0005; with c4: 0.0025
  {
    key: "c5",
    trace: "t5",
    at: 240,
    model: "gpt-4o-mini",
    tokens: [1000, 0, 0, 0],
    identity: { team: "unknown", tenant: "acme" },
  },
  // unpriced model: exported at 0 with its 1010 tokens named
  {
    key: "c6",
    trace: "t6",
    at: 300,
    model: "acme-llm",
    tokens: [1000, 0, 0, 10],
    identity: { team: "search" },
  },
  // a gateway cache hit alone in its group: nothing consumed, no row
  {
    key: "c7",
    trace: "t7",
    at: 360,
    status: "cache_hit",
    tokens: [100, 0, 0, 10],
    identity: { team: "search", workload: "warmup" },
  },
  // 2025-03-31 (month end). 100*2 = 200 -> 0.0002
  { key: "c8", trace: "t8", at: 28 * DAY, tokens: [100, 0, 0, 0], identity: { team: "search" } },
  // 2025-04-01. 1000*2 = 2000 -> 0.002
  { key: "c9", trace: "t9", at: 29 * DAY, tokens: [1000, 0, 0, 0], identity: { team: "search" } },
];

let engine: ChdbEngine;
let v12: FocusExport;

beforeAll(async () => {
  engine = await ChdbEngine.open();
  await loadCalls(engine, CALLS);
  await engine.insert("gateway_teams", [
    { source_file: "teams.csv", team_id: "team-sup", team_alias: "support" },
  ]);
  v12 = await focusExport(engine, { billingAccount: { id: "acct-1", name: "ACME LLM" } });
});
afterAll(async () => {
  await engine?.close();
});

const pick = (row: FocusRow | undefined, ...columns: string[]) => columns.map((c) => row?.[c] ?? null);
const find = (e: FocusExport, pred: (r: FocusRow) => boolean) => e.rows.filter(pred);

describe("focusExport", () => {
  it("prices each team/project/tenant/model/day group exactly, every call once", () => {
    expect(v12.rows).toHaveLength(6);
    const web = find(v12, (r) => r.x_Project === "web");
    expect(web).toHaveLength(1);
    expect(pick(web[0], "BilledCost", "EffectiveCost", "ListCost", "ContractedCost")).toEqual([
      "0.0044",
      "0.0044",
      "0.0044",
      "0.0044",
    ]);
    expect(
      pick(web[0], "x_InputTokens", "x_CacheReadTokens", "x_CacheWriteTokens", "x_OutputTokens"),
    ).toEqual(["1500", "200", "0", "150"]);
    expect(pick(web[0], "ConsumedQuantity", "ConsumedUnit", "PricingQuantity", "PricingUnit")).toEqual([
      "1850",
      "Tokens",
      "0.00185",
      "1000000 Tokens",
    ]);
    const claude = find(v12, (r) => r.ResourceId === "claude-3-5-sonnet")[0];
    expect(
      pick(claude, "BilledCost", "ConsumedQuantity", "ProviderName", "InvoiceIssuerName", "SkuId"),
    ).toEqual(["0.0021", "1350", "Anthropic", "Anthropic", "anthropic/claude-3-5-sonnet"]);
    // 0.0044 + 0.0021 + 0.0025 + 0 + 0.0002 + 0.002
    const total = v12.rows.reduce((n, r) => n + Math.round(Number(r.BilledCost) * 1e6), 0);
    expect(total).toBe(11_200);
  });

  it("keeps calls without a team in an explicit unattributed bucket", () => {
    const bucket = find(v12, (r) => r.x_Unattributed === "true");
    expect(bucket).toHaveLength(1);
    expect(
      pick(bucket[0], "SubAccountId", "SubAccountName", "x_Team", "x_Tenant", "BilledCost", "Tags"),
    ).toEqual(["unattributed", "Unattributed", null, "acme", "0.0025", '{"tenant":"acme"}']);
    expect(v12.rows.filter((r) => r.x_Unattributed === "false")).toHaveLength(5);
  });

  it("names teams as the gateway's team table does", () => {
    const support = find(v12, (r) => r.x_Team === "support")[0];
    expect(pick(support, "SubAccountId", "SubAccountName", "SubAccountType")).toEqual([
      "team-sup",
      "support",
      "Team",
    ]);
    const search = find(
      v12,
      (r) => r.x_Team === "search" && r.ResourceId === "gpt-4o" && r.x_Project === "web",
    )[0];
    expect(pick(search, "SubAccountId", "SubAccountName")).toEqual(["search", "search"]);
  });

  it("dates charges by UTC day within their billing month", () => {
    const monthEnd = find(v12, (r) => r.ChargePeriodStart === "2025-03-31T00:00:00Z")[0];
    expect(pick(monthEnd, "ChargePeriodEnd", "BillingPeriodStart", "BillingPeriodEnd", "BilledCost")).toEqual(
      ["2025-04-01T00:00:00Z", "2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z", "0.0002"],
    );
    const april = find(v12, (r) => r.ChargePeriodStart === "2025-04-01T00:00:00Z")[0];
    expect(pick(april, "BillingPeriodStart", "BillingPeriodEnd")).toEqual([
      "2025-04-01T00:00:00Z",
      "2025-05-01T00:00:00Z",
    ]);
  });

  it("exports an unpriced model at 0 with its tokens named, never silently", () => {
    const acme = find(v12, (r) => r.ResourceId === "acme-llm")[0];
    expect(pick(acme, "BilledCost", "ConsumedQuantity", "x_UnpricedTokens")).toEqual(["0", "1010", "1010"]);
    expect(v12.unpriced).toEqual([{ provider: "openai", model: "acme-llm", tokens: 1010 }]);
  });

  it("exports only the period asked for", async () => {
    const march = await focusExport(engine, {
      from: new Date("2025-03-31T00:00:00Z"),
      to: new Date("2025-04-01T00:00:00Z"),
    });
    expect(march.rows.map((r) => [r.ChargePeriodStart, r.BilledCost])).toEqual([
      ["2025-03-31T00:00:00Z", "0.0002"],
    ]);
  });
});

describe("FOCUS column rules", () => {
  it("the 1.2 export passes them, also after a CSV round trip", () => {
    expect(v12.columns).toEqual(exportColumns("1.2"));
    expect(validateFocus("1.2", v12.columns, v12.rows)).toEqual([]);
    const parsed = parse(renderCsv(v12.rows, v12.columns), { columns: true }) as Record<string, string>[];
    const cells = parsed.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === "" ? null : v])),
    );
    expect(validateFocus("1.2", Object.keys(parsed[0] ?? {}), cells)).toEqual([]);
    expect(cells[0]?.ChargeClass).toBeNull();
  });

  it("the 1.3 export renames the provider columns and passes the 1.3 rules", async () => {
    const v13 = await focusExport(engine, { version: "1.3" });
    expect(v13.columns).toContain("ServiceProviderName");
    expect(v13.columns).toContain("HostProviderName");
    expect(v13.columns).not.toContain("ProviderName");
    expect(v13.columns).not.toContain("PublisherName");
    expect(validateFocus("1.3", v13.columns, v13.rows)).toEqual([]);
    // The 1.2 rules see what is missing.
    expect(validateColumns("1.2", v13.columns).map((p) => p.column)).toEqual(
      expect.arrayContaining(["ProviderName", "PublisherName"]),
    );
  });

  it("catch a missing mandatory column, a FOCUS column after x_ ones and an unprefixed custom one", () => {
    const columns = focusColumns("1.2").filter((c) => c !== "BillingCurrency");
    const bad = [...columns.filter((c) => c !== "Tags"), "x_Team", "Tags", "TeamName"];
    expect(validateColumns("1.2", bad)).toEqual([
      { row: null, column: "BillingCurrency", problem: "mandatory column is missing" },
      { row: null, column: "Tags", problem: "FOCUS column after a custom x_ column" },
      { row: null, column: "TeamName", problem: "not a FOCUS 1.2 column; custom columns start with x_" },
    ]);
  });

  it("catch bad decimals, dates, enums, nulls and tags", () => {
    const good = v12.rows[0] as FocusRow;
    const broken: FocusRow = {
      ...good,
      BilledCost: "2.5e-7",
      ChargePeriodStart: "2025-03-03 00:00:00",
      ChargeCategory: "Usage-Based",
      ServiceSubcategory: "Chatbots",
      InvoiceIssuerName: null,
      Tags: '{"team":{"id":"x"}}',
    };
    expect(validateRows("1.2", [good, broken]).map((p) => [p.row, p.column])).toEqual([
      [2, "BilledCost"],
      [2, "ChargePeriodStart"],
      [2, "ChargeCategory"],
      [2, "InvoiceIssuerName"],
      [2, "Tags"],
      [2, "ServiceSubcategory"],
    ]);
  });
});
