import { type Bucket, groupBy } from "./reconcileBuckets.js";
import type { ReconcileProblem } from "./reconcileTypes.js";

/** Ledger calls of one provider on one UTC day. */
export interface LedgerDay {
  provider: string;
  day: string;
  calls: number;
}

/** What is compared: per provider the days both sides cover, and which providers only per day. */
export interface ReconcilePlan {
  ledgerWindow: { from: string; to: string } | null;
  /** Provider -> compared UTC days, sorted. */
  days: Map<string, string[]>;
  /** Providers whose usage report is not grouped by model. */
  perDay: string[];
  problems: ReconcileProblem[];
}

const range = (days: readonly string[]): string =>
  days.length === 0 ? "no day" : `${days[0]} to ${days.at(-1)}`;

function problem(
  code: ReconcileProblem["code"],
  severity: ReconcileProblem["severity"],
  provider: string | null,
  count: number,
  message: string,
): ReconcileProblem {
  return { code, severity, provider, count, message };
}

/**
 * Decides what can be compared: a provider's usage days inside the ledger's window, minus
 * nothing else. A usage export with no day in the ledger's window (another time, or another
 * system's ledger) is an error for that provider; partial overlaps, ledger days the export
 * does not cover, several organisations and reports not grouped by model are reported.
 */
export function planReconcile(kept: readonly Bucket[], ledgerDays: readonly LedgerDay[]): ReconcilePlan {
  const ledgerSorted = [...new Set(ledgerDays.map((d) => d.day))].sort();
  const ledgerWindow =
    ledgerSorted.length === 0 ? null : { from: ledgerSorted[0] as string, to: ledgerSorted.at(-1) as string };
  const plan: ReconcilePlan = { ledgerWindow, days: new Map(), perDay: [], problems: [] };
  if (kept.length === 0) {
    plan.problems.push(
      problem(
        "no_provider_usage",
        "error",
        null,
        0,
        "no provider usage report among the inputs; add an OpenAI Usage API (completions) or Anthropic usage report export for the ledger's days",
      ),
    );
  }
  if (ledgerWindow === null) {
    plan.problems.push(
      problem(
        "no_ledger",
        "error",
        null,
        0,
        "no gateway ledger rows among the inputs; add the gateway's spend logs for the same days as the usage export",
      ),
    );
  }
  const byProvider = groupBy(kept, (b) => b.provider);
  for (const [provider, buckets] of byProvider) planProvider(plan, provider, buckets, ledgerDays);
  const withoutUsage = ledgerDays.filter((d) => !plan.days.has(d.provider) && !byProvider.has(d.provider));
  for (const [provider, days] of groupBy(withoutUsage, (d) => d.provider)) {
    const calls = days.reduce((n, d) => n + d.calls, 0);
    const name = provider === "" ? "(no provider)" : provider;
    plan.problems.push(
      problem(
        "providers_without_usage",
        "info",
        provider,
        calls,
        `${calls} ledger calls of ${name} are not compared: no usage report of that provider was given`,
      ),
    );
  }
  return plan;
}

function planProvider(
  plan: ReconcilePlan,
  provider: string,
  buckets: readonly Bucket[],
  ledger: readonly LedgerDay[],
): void {
  const usage = buckets.filter((b) => b.report === "usage");
  if (usage.length === 0) {
    plan.problems.push(
      problem(
        "cost_without_usage",
        "warning",
        provider,
        buckets.length,
        `the ${provider} cost report is not compared without the usage report of the same days; add the usage export (tokens per day and model)`,
      ),
    );
    return;
  }
  const usageDays = [...new Set(usage.map((b) => b.day))].sort();
  const window = plan.ledgerWindow;
  if (window === null) return;
  const inside = usageDays.filter((d) => d >= window.from && d <= window.to);
  const ledgerWindow = `${window.from} to ${window.to}`;
  if (inside.length === 0) {
    plan.problems.push(
      problem(
        "window_outside_ledger",
        "error",
        provider,
        usageDays.length,
        `the ${provider} usage export covers ${range(usageDays)} but the ledger covers ${ledgerWindow}: no day in common, nothing of ${provider} was compared; export the usage of the ledger's days`,
      ),
    );
    return;
  }
  plan.days.set(provider, inside);
  const outside = usageDays.filter((d) => !inside.includes(d));
  if (outside.length > 0) {
    plan.problems.push(
      problem(
        "days_outside_ledger",
        "warning",
        provider,
        outside.length,
        `${outside.length} day(s) of the ${provider} usage export (${range(outside)}) are outside the ledger's ${ledgerWindow} and were not compared`,
      ),
    );
  }
  const uncovered = ledger.filter((d) => d.provider === provider && !usageDays.includes(d.day));
  if (uncovered.length > 0) {
    const calls = uncovered.reduce((n, d) => n + d.calls, 0);
    const days = uncovered.map((d) => d.day).sort();
    plan.problems.push(
      problem(
        "ledger_days_not_covered",
        "warning",
        provider,
        uncovered.length,
        `${uncovered.length} ledger day(s) of ${provider} (${range(days)}, ${calls} calls) have no bucket in the usage export and were not compared`,
      ),
    );
  }
  checkScope(plan, provider, usage);
}

function checkScope(plan: ReconcilePlan, provider: string, usage: readonly Bucket[]): void {
  if (usage.some((b) => b.ungrouped > 0)) {
    plan.perDay.push(provider);
    plan.problems.push(
      problem(
        "not_grouped_by_model",
        "info",
        provider,
        0,
        `the ${provider} usage export is not grouped by model, so days are compared on tokens and requests, not models, and its tokens cannot be priced; export with group_by=model to compare per model and spend`,
      ),
    );
  }
  const orgs = [...new Set(usage.map((b) => b.organization).filter((o): o is string => o !== null))].sort();
  if (orgs.length > 1) {
    plan.problems.push(
      problem(
        "several_organizations",
        "warning",
        provider,
        orgs.length,
        `the ${provider} usage exports are for ${orgs.length} organisations (${orgs.join(", ")}); their usage was added up: check each belongs behind this gateway`,
      ),
    );
  }
}
