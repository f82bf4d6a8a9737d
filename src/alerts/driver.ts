import { compare, divide, scaled, subtract } from "./decimal.js";
import { metricValue, type PeriodPair, ZERO } from "./figures.js";
import type { AlertDriver, AlertMetric, DriverDimension, DriverValue, JumpCause } from "./types.js";

/** Values listed per driver dimension. */
export const DRIVER_VALUES = 3;

function delta(pair: PeriodPair, metric: AlertMetric): string {
  return subtract(metricValue(pair.current, metric), metricValue(pair.previous, metric));
}

/** The values that grew most, largest increase first. */
export function topValues(
  values: ReadonlyMap<string, PeriodPair>,
  metric: AlertMetric,
  total: string,
): DriverValue[] {
  const whole = Number(total);
  return [...values]
    .map(([value, pair]) => ({ value, pair, delta: delta(pair, metric) }))
    .filter((v) => compare(v.delta, "0") > 0)
    .sort((a, b) => compare(b.delta, a.delta) || a.value.localeCompare(b.value))
    .slice(0, DRIVER_VALUES)
    .map((v) => ({
      value: v.value,
      previous: metricValue(v.pair.previous, metric),
      current: metricValue(v.pair.current, metric),
      delta: v.delta,
      share: whole > 0 ? Number(v.delta) / whole : 0,
    }));
}

function perCall(value: string, calls: number): string {
  return calls > 0 ? divide(value, String(calls)) : "0";
}

/**
 * Retries when the extra attempts carry at least half the growth, or when the growth is in call
 * volume and extra attempts are at least half the added calls; else volume or value per call,
 * whichever grew more (ratios compared as floats: this only picks a label).
 */
export function jumpCause(pair: PeriodPair, retries: PeriodPair, metric: AlertMetric): JumpCause {
  const growth = scaled(delta(pair, metric));
  if (2n * scaled(delta(retries, metric)) >= growth) return "retries";
  const { previous: p, current: c } = pair;
  const callRatio = c.calls / Math.max(p.calls, 1);
  const perCallRatio =
    Number(perCall(metricValue(c, metric), c.calls)) / Number(perCall(metricValue(p, metric), p.calls));
  const volume = !(perCallRatio > callRatio);
  const addedCalls = c.calls - p.calls;
  const addedRetries = retries.current.calls - retries.previous.calls;
  if (volume && addedCalls > 0 && 2 * addedRetries >= addedCalls) return "retries";
  return volume ? "volume" : "per_call";
}

/** What one group's jump is made of. */
export function buildDriver(
  pair: PeriodPair,
  retries: PeriodPair | undefined,
  values: Record<DriverDimension, ReadonlyMap<string, PeriodPair>>,
  metric: AlertMetric,
): AlertDriver {
  const extra = retries ?? { previous: ZERO, current: ZERO };
  const total = delta(pair, metric);
  return {
    cause: jumpCause(pair, extra, metric),
    model: topValues(values.model, metric, total),
    feature: topValues(values.feature, metric, total),
    service: topValues(values.service, metric, total),
    calls: { previous: pair.previous.calls, current: pair.current.calls },
    perCall: {
      previous: perCall(metricValue(pair.previous, metric), pair.previous.calls),
      current: perCall(metricValue(pair.current, metric), pair.current.calls),
    },
    retries: {
      previousAttempts: extra.previous.calls,
      currentAttempts: extra.current.calls,
      previous: metricValue(extra.previous, metric),
      current: metricValue(extra.current, metric),
    },
  };
}
