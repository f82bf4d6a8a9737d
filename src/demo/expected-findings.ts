import { DAY_US, DEMO_START_US, dayOf } from "./context.js";
import type { DemoCall } from "./model.js";
import { aliasOf, costPico, formatUsd, PRICE_CHANGE, priceAt } from "./prices.js";

export interface Tally {
  calls: number;
  spend_usd: string;
}

/** Rate-card cost in pico-dollars; a gateway cache hit or an attempt without usage costs 0. */
export function callCost(call: DemoCall): bigint {
  if (call.status === "cache_hit" || call.usage === null) return 0n;
  return costPico(call.usage, priceAt(call.responseModel, call.startUs));
}

const sumCost = (calls: readonly DemoCall[]): bigint => calls.reduce((s, c) => s + callCost(c), 0n);

export function tally(calls: readonly DemoCall[]): Tally {
  return { calls: calls.length, spend_usd: formatUsd(sumCost(calls)) };
}

/** Retry chains: attempts of one logical request; extra spend = what the non-final attempts cost. */
export function retryFindings(calls: readonly DemoCall[]) {
  const chains = new Map<number, DemoCall[]>();
  for (const c of calls) if (c.chain !== null) chains.set(c.chain.id, [...(chains.get(c.chain.id) ?? []), c]);
  const byService: Record<string, { chains: number; extra_attempts: number; extra_spend_usd: string }> = {};
  const pico = new Map<string, bigint>();
  let attempts = 0;
  let extra = 0n;
  for (const chain of chains.values()) {
    const last = Math.max(...chain.map((c) => c.chain?.attempt ?? 0));
    const wasted = sumCost(chain.filter((c) => (c.chain?.attempt ?? 0) < last));
    const service = chain[0]?.service ?? "";
    const entry = byService[service] ?? { chains: 0, extra_attempts: 0, extra_spend_usd: "" };
    entry.chains += 1;
    entry.extra_attempts += chain.length - 1;
    pico.set(service, (pico.get(service) ?? 0n) + wasted);
    entry.extra_spend_usd = formatUsd(pico.get(service) ?? 0n);
    byService[service] = entry;
    attempts += chain.length;
    extra += wasted;
  }
  const services = Object.fromEntries(Object.entries(byService).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    chains: chains.size,
    attempts,
    extra_attempts: attempts - chains.size,
    extra_spend_usd: formatUsd(extra),
    by_service: services,
  };
}

/** Gateway cache hits (saved = their rate-card price) and provider prompt-cache reads/writes. */
export function cacheFindings(calls: readonly DemoCall[]) {
  const hits = calls.filter((c) => c.cacheHit);
  const saved = hits.reduce(
    (s, c) => s + (c.usage ? costPico(c.usage, priceAt(c.responseModel, c.startUs)) : 0n),
    0n,
  );
  const billed = calls.filter((c) => !c.cacheHit && c.usage !== null);
  let readSaved = 0n;
  for (const c of billed) {
    const price = priceAt(c.responseModel, c.startUs);
    readSaved += BigInt(c.usage?.cacheRead ?? 0) * BigInt(price.input - price.cacheRead);
  }
  return {
    gateway_hits: { calls: hits.length, saved_spend_usd: formatUsd(saved) },
    provider_cache: {
      calls_with_cache_read: billed.filter((c) => (c.usage?.cacheRead ?? 0) > 0).length,
      cache_read_tokens: billed.reduce((s, c) => s + (c.usage?.cacheRead ?? 0), 0),
      calls_with_cache_write: billed.filter((c) => (c.usage?.cacheWrite ?? 0) > 0).length,
      cache_write_tokens: billed.reduce((s, c) => s + (c.usage?.cacheWrite ?? 0), 0),
      read_saved_spend_usd: formatUsd(readSaved),
    },
  };
}

/** The model substitution incident: what was served, and what the requested model would have cost. */
export function substitution(calls: readonly DemoCall[]) {
  const subs = calls.filter((c) => c.substituted);
  const atRequested = subs.reduce(
    (s, c) => s + (c.usage ? costPico(c.usage, priceAt(c.requestModel, c.startUs)) : 0n),
    0n,
  );
  const actual = sumCost(subs);
  const one = <T>(values: T[]): T | null => (new Set(values).size === 1 ? (values[0] ?? null) : null);
  return {
    requested_model: one(subs.map((c) => c.requestModel)),
    served_model: one(subs.map((c) => c.servedModel)),
    response_model: one(subs.map((c) => c.responseModel)),
    services: [...new Set(subs.map((c) => c.service))].sort(),
    calls: subs.length,
    spend_usd: formatUsd(actual),
    spend_at_requested_usd: formatUsd(atRequested),
    difference_usd: formatUsd(atRequested - actual),
  };
}

/** Ratio of two token counts as a decimal string, rounded half up to 1e-6. */
export function ratioText(num: number, den: number): string {
  const scaled = (BigInt(num) * 2_000_000n + BigInt(den)) / (2n * BigInt(den));
  return `${scaled / 1_000_000n}.${(scaled % 1_000_000n).toString().padStart(6, "0")}`;
}

/**
 * The planted week-over-week jump (team, feature, week) with its figures, and every (team, week)
 * whose output tokens more than doubled: at scale >= 1 that is the planted one alone.
 */
export function weekOverWeek(
  calls: readonly DemoCall[],
  planted: { team: string; feature: string; fromDay: number },
) {
  const provided = calls.filter((c) => !c.cacheHit && c.usage !== null);
  const weekly = (pick: (c: DemoCall) => boolean): number[] => {
    const weeks = [0, 0, 0];
    for (const c of provided) {
      const w = Math.floor(dayOf(c.startUs) / 7);
      if (pick(c)) weeks[w] = (weeks[w] ?? 0) + (c.usage?.output ?? 0);
    }
    return weeks;
  };
  const teams = [...new Set(calls.map((c) => c.team))].sort();
  const perTeam = Object.fromEntries(teams.map((t) => [t, weekly((c) => c.team === t)]));
  const weekStart = (w: number) =>
    new Date((DEMO_START_US + w * 7 * DAY_US) / 1000).toISOString().slice(0, 10);
  const alerts: { team: string; week_start: string; ratio: string }[] = [];
  for (const team of teams) {
    for (let w = 1; w < 3; w++) {
      const [prev, cur] = [perTeam[team]?.[w - 1] ?? 0, perTeam[team]?.[w] ?? 0];
      if (prev > 0 && cur > 2 * prev)
        alerts.push({ team, week_start: weekStart(w), ratio: ratioText(cur, prev) });
    }
  }
  const week = Math.floor(planted.fromDay / 7);
  const team = perTeam[planted.team] ?? [];
  const feature = weekly((c) => c.team === planted.team && c.feature === planted.feature);
  return {
    team: planted.team,
    feature: planted.feature,
    previous_week_start: weekStart(week - 1),
    week_start: weekStart(week),
    previous_output_tokens: team[week - 1] ?? 0,
    output_tokens: team[week] ?? 0,
    ratio: ratioText(team[week] ?? 0, team[week - 1] ?? 0),
    feature_previous_output_tokens: feature[week - 1] ?? 0,
    feature_output_tokens: feature[week] ?? 0,
    weekly_output_tokens: perTeam,
    alerts_over_2x: alerts,
  };
}

/** The mid-period price change and the drift it causes against the gateway's stale price map. */
export function priceDrift(calls: readonly DemoCall[]) {
  const from = Date.parse(`${PRICE_CHANGE.effectiveFrom}T00:00:00Z`) * 1000;
  const affected = calls.filter(
    (c) =>
      c.row !== null &&
      !c.cacheHit &&
      c.usage !== null &&
      aliasOf(c.servedModel) === PRICE_CHANGE.model &&
      c.startUs >= from,
  );
  const gateway = affected.reduce((s, c) => s + (c.row?.gatewaySpendPico ?? 0n), 0n);
  const rateCard = sumCost(affected);
  return {
    model: PRICE_CHANGE.model,
    effective_from: PRICE_CHANGE.effectiveFrom,
    gateway_drift: {
      calls: affected.length,
      gateway_spend_usd: formatUsd(gateway),
      rate_card_spend_usd: formatUsd(rateCard),
      difference_usd: formatUsd(gateway - rateCard),
    },
  };
}
