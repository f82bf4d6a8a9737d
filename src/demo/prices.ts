/**
 * The demo's rate card. Prices are integers in micro-dollars per million tokens, so
 * tokens x price is an exact amount in pico-dollars (1e-12 USD) and sums never drift.
 */

export type Provider = "openai" | "anthropic";

/** Model aliases the demo's services request; each has one dated snapshot it is served as. */
export const MODELS = {
  "gpt-4o": { provider: "openai", snapshot: "gpt-4o-2024-08-06" },
  "gpt-4o-mini": { provider: "openai", snapshot: "gpt-4o-mini-2024-07-18" },
  "claude-sonnet-4-5": { provider: "anthropic", snapshot: "claude-sonnet-4-5-20250929" },
  "claude-haiku-4-5": { provider: "anthropic", snapshot: "claude-haiku-4-5-20251001" },
} as const satisfies Record<string, { provider: Provider; snapshot: string }>;
export type ModelId = keyof typeof MODELS;

/** Per-million prices in micro-dollars, valid from `from` (UTC date) or from the beginning. */
interface PricePeriod {
  from: string | null;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** One rate-card line, as written to prices.yaml. */
export interface DemoPrice extends PricePeriod {
  model: string;
  provider: Provider;
}

/** The price change inside the demo period; the gateway's own price map never picks it up. */
export const PRICE_CHANGE = { model: "claude-sonnet-4-5", effectiveFrom: "2026-10-15" } as const;

const PERIODS: Record<ModelId, readonly PricePeriod[]> = {
  "gpt-4o": [
    { from: null, input: 2_500_000, output: 10_000_000, cacheRead: 1_250_000, cacheWrite: 2_500_000 },
  ],
  "gpt-4o-mini": [{ from: null, input: 150_000, output: 600_000, cacheRead: 75_000, cacheWrite: 150_000 }],
  "claude-sonnet-4-5": [
    { from: "2025-09-29", input: 3_000_000, output: 15_000_000, cacheRead: 300_000, cacheWrite: 3_750_000 },
    {
      from: PRICE_CHANGE.effectiveFrom,
      input: 2_400_000,
      output: 12_000_000,
      cacheRead: 240_000,
      cacheWrite: 3_000_000,
    },
  ],
  "claude-haiku-4-5": [
    { from: null, input: 1_000_000, output: 5_000_000, cacheRead: 100_000, cacheWrite: 1_250_000 },
  ],
};

/** Token counts as billed: `input` includes the cache-read and cache-write tokens. */
export interface Usage {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
}

/** Every line of the demo rate card: each alias and its snapshot, each period. */
export function demoPriceTable(): DemoPrice[] {
  const lines: DemoPrice[] = [];
  for (const [alias, def] of Object.entries(MODELS) as [ModelId, (typeof MODELS)[ModelId]][]) {
    for (const model of [alias, def.snapshot]) {
      for (const period of PERIODS[alias]) lines.push({ model, provider: def.provider, ...period });
    }
  }
  return lines;
}

/** Alias of a model name (an alias or its snapshot); throws on a model the demo does not use. */
export function aliasOf(model: string): ModelId {
  for (const [alias, def] of Object.entries(MODELS) as [ModelId, (typeof MODELS)[ModelId]][]) {
    if (model === alias || model === def.snapshot) return alias;
  }
  throw new Error(`demo model without a price: ${model}`);
}

/** The rate-card period in force at `startUs` (the call's start time). */
export function priceAt(model: string, startUs: number): PricePeriod {
  const day = new Date(Math.floor(startUs / 1000)).toISOString().slice(0, 10);
  let found: PricePeriod | undefined;
  for (const period of PERIODS[aliasOf(model)]) {
    if (period.from === null || period.from <= day) found = period;
  }
  if (found === undefined) throw new Error(`no price for ${model} on ${day}`);
  return found;
}

/** The gateway's stale price map: the first period only. */
export function gatewayPrice(model: string): PricePeriod {
  const first = PERIODS[aliasOf(model)][0];
  if (first === undefined) throw new Error(`no price for ${model}`);
  return first;
}

/** Exact cost in pico-dollars, with exclusive buckets (uncached input = input - cache read - cache write). */
export function costPico(usage: Usage, price: PricePeriod): bigint {
  const uncached = usage.input - usage.cacheRead - usage.cacheWrite;
  return (
    BigInt(uncached) * BigInt(price.input) +
    BigInt(usage.cacheRead) * BigInt(price.cacheRead) +
    BigInt(usage.cacheWrite) * BigInt(price.cacheWrite) +
    BigInt(usage.output) * BigInt(price.output)
  );
}

/** Pico-dollars as a USD decimal string rounded half away from zero to 1e-6. */
export function formatUsd(pico: bigint): string {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const micro = (abs + 500_000n) / 1_000_000n;
  const whole = micro / 1_000_000n;
  const frac = (micro % 1_000_000n).toString().padStart(6, "0");
  return `${negative && micro > 0n ? "-" : ""}${whole}.${frac}`;
}

/** Micro-dollars per MTok as a plain decimal (2500000 -> "2.5"). */
export function perMtok(micro: number): string {
  const whole = Math.floor(micro / 1_000_000);
  const frac = (micro % 1_000_000).toString().padStart(6, "0").replace(/0+$/, "");
  return frac === "" ? `${whole}` : `${whole}.${frac}`;
}

/** prices.yaml in the simple format: `models: [{model, provider, *_per_mtok, effective_from?}]`. */
export function pricesYaml(): string {
  const out = ["# spendtrail demo rate card: USD per million tokens.", "models:"];
  for (const line of demoPriceTable()) {
    out.push(`  - model: ${line.model}`, `    provider: ${line.provider}`);
    out.push(`    input_per_mtok: ${perMtok(line.input)}`, `    output_per_mtok: ${perMtok(line.output)}`);
    out.push(`    cache_read_per_mtok: ${perMtok(line.cacheRead)}`);
    out.push(`    cache_write_per_mtok: ${perMtok(line.cacheWrite)}`);
    if (line.from !== null) out.push(`    effective_from: "${line.from}"`);
  }
  return `${out.join("\n")}\n`;
}
