import type { Alert, AlertConfig, AlertGrouping, AlertMetric, AlertRun, AlertWindow } from "./types.js";

/**
 * The alerts as one section of the audit report (a plain JSON-able object, money and tokens
 * as decimal text like the rest of the alert model).
 */
export interface AlertsSection {
  /** The rules in force: where they came from, and the defaults before per-team overrides. */
  settings: {
    source: string;
    periodDays: number;
    by: AlertGrouping;
    metrics: AlertMetric[];
    ratio: string;
    minOutputTokens: number;
    minSpend: string;
    /** Teams with their own rule or webhook. */
    teamOverrides: string[];
    /** Webhooks configured (global plus per team); their URLs are never in the report. */
    webhooks: number;
  };
  /** Null when there were no calls to compare. */
  window: AlertWindow | null;
  groups: number;
  /** Highest ratio first. */
  alerts: Alert[];
  unpricedModels: string[];
}

/** The report section of one evaluation. */
export function alertsSection(run: AlertRun, config: AlertConfig): AlertsSection {
  const teamHooks = Object.values(config.teams).reduce((n, t) => n + t.webhooks.length, 0);
  return {
    settings: {
      source: config.source,
      periodDays: config.periodDays,
      by: config.by,
      metrics: [...config.metrics],
      ratio: config.rule.ratio,
      minOutputTokens: config.rule.minOutputTokens,
      minSpend: config.rule.minSpend,
      teamOverrides: Object.keys(config.teams).sort(),
      webhooks: config.webhooks.length + teamHooks,
    },
    window: run.window,
    groups: run.groups,
    alerts: run.alerts,
    unpricedModels: run.unpricedModels,
  };
}
