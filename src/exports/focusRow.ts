import { shiftDecimal } from "../pricing/money.js";
import type { FocusVersion } from "./focusColumns.js";
import { providerName } from "./focusColumns.js";

/** One priced group as `pricedSpendSql` returns it (dimensions, token sums, cost). */
export interface FocusGroup {
  day: string;
  team: string | null;
  project: string | null;
  feature: string | null;
  tenant: string | null;
  workload: string | null;
  provider: string;
  model: string;
  uncached_input_tokens: number | string;
  cache_read_tokens: number | string;
  cache_write_tokens: number | string;
  output_tokens: number | string;
  total_tokens: number | string;
  unpriced_tokens: number | string;
  /** USD, exact decimal text; null when every billable token is unpriced. */
  total_cost: string | null;
}

/** LiteLLM team ids and aliases (from `gateway_teams`): an alias shared by two teams maps to null. */
export interface TeamNames {
  byId: ReadonlyMap<string, string>;
  byAlias: ReadonlyMap<string, string | null>;
}

export interface RowContext {
  version: FocusVersion;
  account: { id: string; name: string };
  names: TeamNames;
}

/** The SubAccount of the unattributed bucket: calls that name no team. */
export const UNATTRIBUTED = { id: "unattributed", name: "Unattributed" } as const;

const utc = (day: string): string => `${day}T00:00:00Z`;

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function nextMonth(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** The team as a SubAccount: id and name, from the gateway's team table where it knows the team. */
function subAccount(team: string | null, names: TeamNames): { id: string; name: string } {
  if (team === null) return UNATTRIBUTED;
  const alias = names.byId.get(team);
  if (alias !== undefined) return { id: team, name: alias === "" ? team : alias };
  const id = names.byAlias.get(team);
  return { id: id ?? team, name: team };
}

/** `Tags`: our dimensions that the group states, as a JSON object of strings. */
function tags(g: FocusGroup): string {
  const out: Record<string, string> = {};
  for (const key of ["team", "project", "feature", "tenant", "workload"] as const) {
    const value = g[key];
    if (value !== null) out[key] = value;
  }
  return JSON.stringify(out);
}

function costs(g: FocusGroup): Record<string, string> {
  // An unpriced model is exported at 0 with its tokens in x_UnpricedTokens, never silently.
  const cost = g.total_cost ?? "0";
  return { BilledCost: cost, EffectiveCost: cost, ListCost: cost, ContractedCost: cost };
}

function providerColumns(version: FocusVersion, provider: string): Record<string, string> {
  const name = providerName(provider);
  return version === "1.2"
    ? { ProviderName: name, PublisherName: name }
    : { ServiceProviderName: name, HostProviderName: name };
}

/**
 * One FOCUS row. Costs: the rate card's list prices are what is billed (no negotiated or
 * amortised discounts are known), so Billed = Effective = List = Contracted. Quantities: all
 * billable tokens, priced per million (`PricingUnit` "1000000 Tokens").
 */
export function focusRow(g: FocusGroup, ctx: RowContext): Record<string, string | null> {
  const account = subAccount(g.team, ctx.names);
  const tokens = String(g.total_tokens);
  const model = g.model === "" ? null : g.model;
  return {
    ...costs(g),
    BillingAccountId: ctx.account.id,
    BillingAccountName: ctx.account.name,
    BillingCurrency: "USD",
    BillingPeriodStart: utc(`${g.day.slice(0, 7)}-01`),
    BillingPeriodEnd: utc(nextMonth(g.day)),
    ChargeCategory: "Usage",
    ChargeClass: null,
    ChargeDescription: `LLM tokens for ${model ?? "an unnamed model"} (${g.provider === "" ? "unknown provider" : g.provider})`,
    ChargeFrequency: "Usage-Based",
    ChargePeriodStart: utc(g.day),
    ChargePeriodEnd: utc(addDays(g.day, 1)),
    ConsumedQuantity: tokens,
    ConsumedUnit: "Tokens",
    InvoiceIssuerName: providerName(g.provider),
    PricingQuantity: shiftDecimal(tokens, -6),
    PricingUnit: "1000000 Tokens",
    ...providerColumns(ctx.version, g.provider),
    ResourceId: model,
    ResourceName: model,
    ServiceCategory: "AI and Machine Learning",
    ServiceName: "LLM Inference",
    ServiceSubcategory: "Generative AI",
    SkuId: `${g.provider === "" ? "unknown" : g.provider}/${model ?? "unknown"}`,
    SkuMeter: "Tokens",
    SubAccountId: account.id,
    SubAccountName: account.name,
    SubAccountType: "Team",
    Tags: tags(g),
    x_Team: g.team,
    x_Project: g.project,
    x_Feature: g.feature,
    x_Tenant: g.tenant,
    x_Workload: g.workload,
    x_InputTokens: String(g.uncached_input_tokens),
    x_CacheReadTokens: String(g.cache_read_tokens),
    x_CacheWriteTokens: String(g.cache_write_tokens),
    x_OutputTokens: String(g.output_tokens),
    x_UnpricedTokens: String(g.unpriced_tokens),
    x_Unattributed: g.team === null ? "true" : "false",
  };
}
