import type { DeliveryReport } from "./deliver.js";
import type { AlertsSection } from "./section.js";
import { amount, groupLabel, METRIC_LABEL, periodText, times } from "./summary.js";
import type { AlertWindow } from "./types.js";

/** What `spendtrail alerts` prints: the alerts section and what delivery did. */
export interface AlertsOutput {
  section: AlertsSection;
  /** Null when nothing was to be delivered (no webhooks, or no alerts). */
  delivery: DeliveryReport | null;
}

/** Version of the `alerts --format json` document. */
export const ALERTS_JSON_VERSION = "1.0";

function previousText(w: AlertWindow): string {
  const last = new Date(Date.parse(w.previous.to) - 86_400_000).toISOString().slice(0, 10);
  return `${w.previous.from.slice(0, 10)}..${last}`;
}

function header(s: AlertsSection): string[] {
  const st = s.settings;
  const metrics = st.metrics.map((m) => METRIC_LABEL[m]).join(", ");
  const rule = `above ${times(st.ratio)}, at least ${amount(String(st.minOutputTokens), "output_tokens")} output tokens / ${amount(st.minSpend, "spend")} spend in the current period`;
  const lines = [
    `Week-over-week alerts per ${st.by.replace(",", " and ")} on ${metrics} (rules: ${st.source})`,
    `  fires ${rule}`,
  ];
  if (st.teamOverrides.length > 0) lines.push(`  own rules or webhooks: ${st.teamOverrides.join(", ")}`);
  if (s.window !== null)
    lines.push(`  ${periodText(s.window)} vs ${previousText(s.window)}, ${s.groups} groups compared`);
  return lines;
}

function alertLines(s: AlertsSection): string[] {
  if (s.window === null) return ["", "No calls to compare."];
  if (s.alerts.length === 0) return ["", "No alerts."];
  const lines = ["", `${s.alerts.length} alert${s.alerts.length === 1 ? "" : "s"}:`];
  for (const a of s.alerts) {
    const change = `${amount(a.previous, a.metric)} -> ${amount(a.current, a.metric)} (${times(a.ratio)})`;
    lines.push(`  ${groupLabel(a.group)}: ${METRIC_LABEL[a.metric]} ${change}`);
    lines.push(`    ${a.summary.slice(a.summary.indexOf("driver: "))}`);
    lines.push(`    id ${a.id}`);
  }
  return lines;
}

function deliveryLines(d: DeliveryReport | null): string[] {
  if (d === null) return [];
  const counts = `${d.sent} sent, ${d.alreadySent} already sent, ${d.failed} failed${d.wouldSend > 0 ? `, ${d.wouldSend} would be sent (dry run)` : ""}`;
  const lines = ["", `Deliveries: ${counts}`];
  for (const x of d.deliveries) {
    const status = x.status === "failed" ? `failed: ${x.error ?? ""}` : x.status.replace("_", " ");
    const tries = x.status === "sent" && x.attempts > 1 ? ` after ${x.attempts} attempts` : "";
    lines.push(`  ${x.alertId} -> ${x.webhook} (${x.format}): ${status}${tries}`);
  }
  return lines;
}

/** Terminal text. */
export function renderAlertsTerminal(out: AlertsOutput): string {
  const unpriced =
    out.section.unpricedModels.length > 0
      ? ["", `Not priced (their spend counts as $0 here): ${out.section.unpricedModels.join(", ")}`]
      : [];
  return `${[...header(out.section), ...alertLines(out.section), ...unpriced, ...deliveryLines(out.delivery)].join("\n")}\n`;
}

/** One JSON document. */
export function renderAlertsJson(out: AlertsOutput): string {
  return `${JSON.stringify({ schemaVersion: ALERTS_JSON_VERSION, ...out.section, delivery: out.delivery }, null, 2)}\n`;
}

/** `alerts --format` values; the flag's choices are this object's keys. */
export const ALERT_RENDERERS = {
  terminal: renderAlertsTerminal,
  json: renderAlertsJson,
} as const satisfies Record<string, (out: AlertsOutput) => string>;
