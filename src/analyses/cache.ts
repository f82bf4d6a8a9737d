import type { Engine } from "../engine/engine.js";
import { cacheHitsSql, cacheHitTracesSql, cacheReadsSql, inferredHitsSql } from "./cacheSql.js";
import { type FindingOptions, findingCalls } from "./callSet.js";

/**
 * Cache findings (DESIGN.md section 6): gateway cache hits and the spend they saved, provider
 * prompt-cache reads and their discount against the input rate, and inferred cache hits where
 * a prompt's recorded input tokens drop well below their usual value. Prices come from
 * `pricedSpendSql`; needs `rate_card` loaded for the calls.
 */

export interface CacheOptions extends FindingOptions {
  /** Calls a fingerprint needs before its median counts (default 5). */
  minFingerprintCalls?: number;
  /** An inferred hit has input tokens below this share of its fingerprint's median (default 0.5). */
  inferredRatio?: number;
}

export interface CacheHitsByModel {
  model: string;
  calls: number;
  /** Tokens the hits would have used. */
  tokens: number;
  /** USD the hits would have cost; null when the rate card does not price the model. */
  savedSpend: string | null;
}

export interface GatewayCacheHits {
  calls: number;
  /** Hits that state no token counts: their saving is unknown (counted as 0). */
  callsWithoutUsage: number;
  tokens: number;
  savedSpend: string;
  /** Hits of models the rate card does not price (not in `savedSpend`). */
  unpricedCalls: number;
  byModel: CacheHitsByModel[];
  exampleTraceIds: string[];
}

export interface PromptCacheReadsByModel {
  model: string;
  calls: number;
  cacheReadTokens: number;
  /** USD of the cache reads at the cache-read rate; null when unpriced. */
  cacheReadSpend: string | null;
  /** USD the same tokens cost at the input rate. */
  atInputRate: string | null;
  /** atInputRate - cacheReadSpend. */
  discount: string | null;
}

export interface PromptCacheReads {
  /** Calls that read from the provider's prompt cache. */
  calls: number;
  cacheReadTokens: number;
  /** Tokens of those calls the rate card does not price (not in the USD figures). */
  unpricedTokens: number;
  cacheReadSpend: string;
  atInputRate: string;
  discount: string;
  byModel: PromptCacheReadsByModel[];
}

export interface InferredCacheHit {
  traceId: string;
  callKey: string;
  inputTokens: number;
}

export interface InferredFingerprint {
  /** `prompt <name>[@version]`, `prompt template <hash>`, or `<service> / <model> / <span name>`. */
  fingerprint: string;
  calls: number;
  medianInputTokens: number;
  hits: number;
  examples: InferredCacheHit[];
}

export interface InferredCacheHits {
  /** Calls whose input tokens fell below the ratio of their fingerprint's median. */
  calls: number;
  /** Fingerprints with at least one inferred hit. */
  fingerprints: number;
  /** Fingerprints with enough calls to have a median. */
  fingerprintsChecked: number;
  /** Fingerprints with hits, most hits first. */
  byFingerprint: InferredFingerprint[];
}

export interface CacheReport {
  gateway: GatewayCacheHits;
  promptCache: PromptCacheReads;
  inferred: InferredCacheHits;
}

interface HitsRow {
  model?: string;
  calls: number;
  calls_without_usage: number;
  cache_hit_tokens: number;
  cache_hit_saved_cost: string;
  rate_sources: string[];
}

interface ReadsRow {
  model?: string;
  calls: number;
  cache_read_tokens: number;
  unpriced_tokens: number;
  cache_read_usd: string | null;
  at_input_usd: string | null;
  discount_usd: string | null;
}

interface FingerprintRow {
  fingerprint: string;
  calls: number;
  median: number;
  hits: [string, string, number | string][];
}

const unpriced = (r: HitsRow): boolean => r.cache_hit_tokens > 0 && r.rate_sources.length === 0;

async function gatewayHits(engine: Engine, calls: string, examples: number): Promise<GatewayCacheHits> {
  const [total] = await engine.query<HitsRow>(cacheHitsSql(calls, false));
  const models = await engine.query<HitsRow>(cacheHitsSql(calls, true));
  const traces = await engine.query<{ trace_id: string }>(cacheHitTracesSql(calls, examples));
  return {
    calls: total?.calls ?? 0,
    callsWithoutUsage: total?.calls_without_usage ?? 0,
    tokens: total?.cache_hit_tokens ?? 0,
    savedSpend: total?.cache_hit_saved_cost ?? "0",
    unpricedCalls: models.filter(unpriced).reduce((n, r) => n + r.calls, 0),
    byModel: models.map((r) => ({
      model: r.model ?? "",
      calls: r.calls,
      tokens: r.cache_hit_tokens,
      savedSpend: unpriced(r) ? null : r.cache_hit_saved_cost,
    })),
    exampleTraceIds: traces.map((t) => t.trace_id),
  };
}

async function promptCacheReads(engine: Engine, calls: string): Promise<PromptCacheReads> {
  const [total] = await engine.query<ReadsRow>(cacheReadsSql(calls, false));
  const models = await engine.query<ReadsRow>(cacheReadsSql(calls, true));
  return {
    calls: total?.calls ?? 0,
    cacheReadTokens: total?.cache_read_tokens ?? 0,
    unpricedTokens: total?.unpriced_tokens ?? 0,
    cacheReadSpend: total?.cache_read_usd ?? "0",
    atInputRate: total?.at_input_usd ?? "0",
    discount: total?.discount_usd ?? "0",
    byModel: models.map((r) => ({
      model: r.model ?? "",
      calls: r.calls,
      cacheReadTokens: r.cache_read_tokens,
      cacheReadSpend: r.cache_read_usd,
      atInputRate: r.at_input_usd,
      discount: r.discount_usd,
    })),
  };
}

async function inferredHits(
  engine: Engine,
  calls: string,
  options: CacheOptions,
): Promise<InferredCacheHits> {
  const rows = await engine.query<FingerprintRow>(
    inferredHitsSql(calls, options.minFingerprintCalls ?? 5, options.inferredRatio ?? 0.5),
  );
  const withHits = rows.filter((r) => r.hits.length > 0);
  return {
    calls: withHits.reduce((n, r) => n + r.hits.length, 0),
    fingerprints: withHits.length,
    fingerprintsChecked: rows.length,
    byFingerprint: withHits.map((r) => ({
      fingerprint: r.fingerprint,
      calls: r.calls,
      medianInputTokens: r.median,
      hits: r.hits.length,
      examples: r.hits
        .slice(0, options.examples ?? 3)
        .map(([traceId, callKey, input]) => ({ traceId, callKey, inputTokens: Number(input) })),
    })),
  };
}

/** All three cache findings over the finding call set. */
export async function cacheFindings(engine: Engine, options: CacheOptions = {}): Promise<CacheReport> {
  const calls = await findingCalls(engine, options);
  return {
    gateway: await gatewayHits(engine, calls, options.examples ?? 3),
    promptCache: await promptCacheReads(engine, calls),
    inferred: await inferredHits(engine, calls, options),
  };
}
