import { DEFAULT_ALERT_CONFIG } from "../alerts/config.js";
import { evaluateAlerts } from "../alerts/evaluate.js";
import { type AlertsSection, alertsSection } from "../alerts/section.js";
import type { AlertConfig } from "../alerts/types.js";
import { FINDING_CALLS } from "../analyses/callSet.js";
import { integrityChecks } from "../analyses/integrity.js";
import { privacyScan } from "../analyses/privacy.js";
import { reconciliationSection } from "../analyses/reconcile.js";
import { buildTimelines, MAX_TIMELINES } from "../analyses/timeline.js";
import type { IdentityContract } from "../contract/types.js";
import type { Engine } from "../engine/engine.js";
import type { RateCardRow } from "../pricing/ratecard.js";
import type { PriceBook } from "../pricing/resolve.js";
import type { AuditReport, IntegritySection, PrivacySection, Timeline } from "./model.js";

/**
 * The report sections other analyses own (alerts, trace integrity, privacy, reconciliation)
 * and the timelines of the example traces, each read once while the report's working tables
 * (`finding_calls`, `call_links`) hold its calls.
 */

/** Sections read over the finding call set; they need `finding_calls` and the rate card loaded. */
export async function callSections(
  engine: Engine,
  options: { alerts?: AlertConfig; examples: number },
): Promise<{ alerts: AlertsSection; integrity: IntegritySection; privacy: PrivacySection }> {
  const config = options.alerts ?? DEFAULT_ALERT_CONFIG;
  // Evaluated only: the report never posts to the configured webhooks (`spendtrail alerts` does).
  const run = await evaluateAlerts(engine, config, { calls: FINDING_CALLS });
  return {
    alerts: alertsSection(run, config),
    integrity: await integrityChecks(engine, { calls: FINDING_CALLS, examples: options.examples }),
    privacy: await privacyScan(engine, { examples: options.examples }),
  };
}

/**
 * The reconciliation, last: it reloads the rate card with the provider's model names and
 * rebuilds `finding_calls`. Null when no provider export was read.
 */
export function reconciliation(
  engine: Engine,
  options: { overrides: readonly RateCardRow[]; defaults?: PriceBook["defaults"] },
) {
  return reconciliationSection(engine, {
    overrides: options.overrides,
    ...(options.defaults && { defaults: options.defaults }),
  });
}

type Examples = Pick<
  AuditReport,
  "fixes" | "bypass" | "retries" | "cache" | "substitution" | "integrity" | "privacy"
>;

/** Every example trace id the report names, most important finding first (may repeat). */
export function exampleTraceIds(r: Examples): string[] {
  return [
    ...r.fixes.flatMap((f) => f.exampleTraceIds),
    ...r.bypass.exampleTraceIds,
    ...r.integrity.checks.flatMap((c) =>
      c.examples.flatMap((e) => [e.traceId, e.relatedTraceId].filter((id) => id !== null)),
    ),
    ...r.privacy.findings.flatMap((f) => f.exampleTraceIds),
    ...r.retries.byTeamService.flatMap((g) => g.exampleTraceIds),
    ...r.cache.gateway.exampleTraceIds,
    ...r.substitution.pairs.flatMap((p) => p.exampleTraceIds),
  ];
}

/** Timelines of the example traces (at most MAX_TIMELINES), keyed by trace id. */
export async function exampleTimelines(
  engine: Engine,
  report: Examples,
  contract: IdentityContract,
): Promise<Record<string, Timeline>> {
  const timelines = await buildTimelines(engine, exampleTraceIds(report), {
    contract,
    limit: MAX_TIMELINES,
  });
  // A trace nothing is stored of has no story to tell: its id stays plain text.
  return Object.fromEntries(timelines.filter((t) => t.found).map((t) => [t.traceId, t]));
}
