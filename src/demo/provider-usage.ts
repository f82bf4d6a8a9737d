import { DAY_US, DEMO_DAYS, DEMO_START_US } from "./context.js";
import type { DemoCall, DemoWorkload } from "./model.js";
import { costPico, formatUsd, type Provider, priceAt } from "./prices.js";

/**
 * The providers' own usage exports for the demo period: what OpenAI and Anthropic billed,
 * per UTC day and model (the served snapshot), as their admin APIs return it. The provider
 * billed every call that returned usage and was not a gateway cache hit: the ledger's billed
 * rows plus the calls that bypassed the gateway. So `usage = ledger + bypass - gateway cache
 * hits - failed attempts without usage`, and reconciliation must explain the whole gap.
 */

interface Totals {
  requests: number;
  uncached: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
}

const EMPTY: Totals = { requests: 0, uncached: 0, cacheRead: 0, cacheWrite: 0, output: 0 };

/** When spendtrail files a call: its ledger row's start, else (no row) the call's own start. */
const filedUs = (c: DemoCall): number => c.row?.startUs ?? c.startUs;
const dayIndex = (us: number): number => Math.floor((us - DEMO_START_US) / DAY_US);
const billed = (c: DemoCall): boolean => c.usage !== null && !c.cacheHit;

function add(t: Totals, c: DemoCall): Totals {
  const u = c.usage;
  if (u === null) return t;
  return {
    requests: t.requests + 1,
    uncached: t.uncached + u.input - u.cacheRead - u.cacheWrite,
    cacheRead: t.cacheRead + u.cacheRead,
    cacheWrite: t.cacheWrite + u.cacheWrite,
    output: t.output + u.output,
  };
}

/** Per demo day (index), per served snapshot: what the provider billed. */
function billedByDay(calls: readonly DemoCall[], provider: Provider): Map<string, Totals>[] {
  const days = Array.from({ length: DEMO_DAYS }, () => new Map<string, Totals>());
  for (const c of calls) {
    if (c.provider !== provider || !billed(c)) continue;
    const day = days[dayIndex(filedUs(c))];
    day?.set(c.responseModel, add(day.get(c.responseModel) ?? EMPTY, c));
  }
  return days;
}

const sortedEntries = (m: Map<string, Totals>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
const dayStartSeconds = (i: number): number => (DEMO_START_US + i * DAY_US) / 1e6;
const isoSeconds = (s: number): string => new Date(s * 1000).toISOString().replace(".000Z", "Z");

function openaiResult(model: string, t: Totals) {
  // biome-ignore format: the API's field order
  return {
    object: "organization.usage.completions.result",
    input_tokens: t.uncached + t.cacheRead + t.cacheWrite, output_tokens: t.output,
    num_model_requests: t.requests, project_id: null, user_id: null, api_key_id: null, model,
    batch: null, service_tier: null, input_cached_tokens: t.cacheRead, input_audio_tokens: 0,
    output_audio_tokens: 0,
  };
}

/** OpenAI `/v1/organization/usage/completions?bucket_width=1d&group_by=model`, one page (7 days) per line. */
export function* openaiUsageLines(calls: readonly DemoCall[]): Generator<string> {
  const days = billedByDay(calls, "openai");
  for (let first = 0; first < DEMO_DAYS; first += 7) {
    const data = days.slice(first, first + 7).map((models, i) => ({
      object: "bucket",
      start_time: dayStartSeconds(first + i),
      end_time: dayStartSeconds(first + i + 1),
      results: sortedEntries(models).map(([model, t]) => openaiResult(model, t)),
    }));
    const more = first + 7 < DEMO_DAYS;
    const next = more ? `page_${Buffer.from(`demo-${first + 7}`).toString("base64url")}` : null;
    yield `${JSON.stringify({ object: "page", data, has_more: more, next_page: next })}\n`;
  }
}

/** Anthropic `/v1/organizations/usage_report/messages?bucket_width=1d&group_by[]=model`, one page. */
export function anthropicUsageReport(calls: readonly DemoCall[]): string {
  const data = billedByDay(calls, "anthropic").map((models, i) => ({
    starting_at: isoSeconds(dayStartSeconds(i)),
    ending_at: isoSeconds(dayStartSeconds(i + 1)),
    results: sortedEntries(models).map(([model, t]) => ({
      uncached_input_tokens: t.uncached,
      cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: t.cacheWrite },
      cache_read_input_tokens: t.cacheRead,
      output_tokens: t.output,
      server_tool_use: { web_search_requests: 0 },
      api_key_id: null,
      workspace_id: null,
      model,
      service_tier: null,
      context_window: null,
    })),
  }));
  return `${JSON.stringify({ data, has_more: false, next_page: null }, null, 2)}\n`;
}

const tokens = (t: Totals): number => t.uncached + t.cacheRead + t.cacheWrite + t.output;
const cost = (c: DemoCall): bigint =>
  c.usage === null ? 0n : costPico(c.usage, priceAt(c.responseModel, filedUs(c)));
const sum = (calls: readonly DemoCall[], pick: (c: DemoCall) => bigint): bigint =>
  calls.reduce((s, c) => s + pick(c), 0n);
const totals = (calls: readonly DemoCall[]): Totals => calls.reduce(add, EMPTY);

/** Expected reconciliation figures of one provider over the demo period. */
function providerAnswer(calls: readonly DemoCall[], provider: Provider) {
  const own = calls.filter((c) => c.provider === provider);
  const ledger = own.filter((c) => c.row !== null);
  const usage = own.filter(billed);
  const bypass = own.filter((c) => c.row === null && c.usage !== null);
  const hits = ledger.filter((c) => c.cacheHit);
  const failed = ledger.filter((c) => c.usage === null);
  const usageUsd = sum(usage, cost);
  const ledgerUsd = sum(ledger, (c) => (c.cacheHit ? 0n : cost(c)));
  const ledgerTokens = ledger.reduce((n, c) => n + tokens(add(EMPTY, c)), 0);
  return {
    usage: {
      requests: provider === "openai" ? usage.length : null,
      tokens: tokens(totals(usage)),
      spend_usd: formatUsd(usageUsd),
    },
    ledger: { calls: ledger.length, tokens: ledgerTokens, spend_usd: formatUsd(ledgerUsd) },
    gap: {
      requests: provider === "openai" ? usage.length - ledger.length : null,
      tokens: tokens(totals(usage)) - ledgerTokens,
      spend_usd: formatUsd(usageUsd - ledgerUsd),
    },
    bypass: { calls: bypass.length, tokens: tokens(totals(bypass)), spend_usd: formatUsd(sum(bypass, cost)) },
    gateway_cache_hits: {
      calls: hits.length,
      tokens: tokens(totals(hits)),
      saved_spend_usd: formatUsd(sum(hits, cost)),
    },
    failed_attempts: { calls: failed.length },
    residual_spend_usd: formatUsd(0n),
  };
}

/** `expected.json`'s `reconciliation`: per provider, the usage export against the ledger. */
export function reconciliationAnswer(w: DemoWorkload) {
  return {
    definitions: [
      "usage: what the provider exports (openai_usage_completions.jsonl, anthropic_usage_report.json) bill: every call with usage that is not a gateway cache hit, per UTC day of its ledger row (else of its span) and served model.",
      "ledger: every gateway row (cache hits and failed attempts included), tokens as recorded, spend by the rate card (cache hits and attempts without usage cost 0).",
      "gap = usage - ledger = bypass - gateway_cache_hits - failed_attempts; the residual is 0.",
    ],
    openai: providerAnswer(w.calls, "openai"),
    anthropic: providerAnswer(w.calls, "anthropic"),
  };
}
