import { roundUsd } from "../pricing/money.js";
import type {
  AlertDriver,
  AlertMetric,
  AlertWindow,
  DriverValue,
  GroupDimension,
  JumpCause,
} from "./types.js";

/** Display text of the alerts (never used for decisions). */

export const METRIC_LABEL: Record<AlertMetric, string> = { output_tokens: "output tokens", spend: "spend" };

const CAUSE_TEXT: Record<JumpCause, string> = {
  retries: "retries grew",
  volume: "call volume grew",
  per_call: "more per call",
};

/** `278623` -> `278,623`; `1166.666667` -> `1,166.7`; USD -> `$12.50`. */
export function amount(value: string, metric: AlertMetric): string {
  if (metric === "spend") return `$${roundUsd(value, 2)}`;
  const [whole = "0", fraction] = roundUsd(value, 1).replace(/\.0$/, "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

// Spend per call is cents or less: four decimals keep a change visible.
function perCall(value: string, metric: AlertMetric): string {
  return metric === "spend" ? `$${roundUsd(value, 4)}` : amount(value, metric);
}

/** `x3.70` from a 6-decimal ratio. */
export function times(ratio: string): string {
  return `x${roundUsd(ratio, 2)}`;
}

export function groupLabel(group: Partial<Record<GroupDimension, string>>): string {
  return Object.values(group).join(" / ");
}

/** The last day of the current period and its first: `2026-10-19..2026-10-25`. */
export function periodText(window: AlertWindow): string {
  const last = new Date(Date.parse(window.current.to) - 86_400_000).toISOString().slice(0, 10);
  return `${window.current.from.slice(0, 10)}..${last}`;
}

function top(label: string, values: readonly DriverValue[], metric: AlertMetric): string | null {
  const first = values[0];
  return first === undefined ? null : `${label} ${first.value} +${amount(first.delta, metric)}`;
}

/** `feature ticket-summary +201,917; model gpt-4o +...; service support-bot +...; more per call (320 -> 2,600)` */
export function driverText(d: AlertDriver, metric: AlertMetric): string {
  const parts = [
    top("feature", d.feature, metric),
    top("model", d.model, metric),
    top("service", d.service, metric),
  ];
  const how =
    d.cause === "retries"
      ? `${CAUSE_TEXT.retries} (extra attempts ${d.retries.previousAttempts} -> ${d.retries.currentAttempts})`
      : d.cause === "volume"
        ? `${CAUSE_TEXT.volume} (calls ${d.calls.previous} -> ${d.calls.current})`
        : `${CAUSE_TEXT.per_call} (${perCall(d.perCall.previous, metric)} -> ${perCall(d.perCall.current, metric)} per call)`;
  return [...parts.filter((p) => p !== null), how].join("; ");
}

/** One line: what jumped, by how much, when, and why. */
export function summaryText(a: {
  group: Partial<Record<GroupDimension, string>>;
  metric: AlertMetric;
  previous: string;
  current: string;
  ratio: string;
  window: AlertWindow;
  driver: AlertDriver;
}): string {
  const change = `${amount(a.previous, a.metric)} -> ${amount(a.current, a.metric)} (${times(a.ratio)})`;
  return `${groupLabel(a.group)}: ${METRIC_LABEL[a.metric]} ${change} in ${periodText(a.window)} vs the ${a.window.days} days before; driver: ${driverText(a.driver, a.metric)}`;
}
