/**
 * The reconciliation section (DESIGN.md section 6): the gateway ledger per day and model
 * against the provider's own usage report, and the gap explained. Money is USD as exact
 * decimal text; token and request gaps are `usage - ledger` (positive: the provider counted
 * more than the ledger holds).
 */

/** Exclusive token buckets as in `llm_calls`; `total` is their sum. */
export interface TokenFigures {
  uncachedInput: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  total: number;
}

/** One set of calls: how many, their tokens, their rate-card spend (null when a model is unpriced). */
export interface CallFigures {
  calls: number;
  tokens: TokenFigures;
  spend: string | null;
}

/** What the provider's report says for one line. */
export interface UsageSide {
  /** Requests the report states (OpenAI `num_model_requests`); null when it states none (Anthropic). */
  requests: number | null;
  tokens: TokenFigures;
  /** The report's tokens priced with the rate card, by the model names the provider uses. */
  spend: string | null;
  /** What the provider's cost report bills for tokens; null without a cost report for the line. */
  statedCost: string | null;
}

/** What the gateway ledger holds for one line: every row, cache hits and failed attempts included. */
export interface LedgerSide {
  calls: number;
  tokens: TokenFigures;
  /** Rate-card spend by DESIGN.md section 5 (cache hits and attempts without usage cost 0). */
  spend: string | null;
  /** The gateway's own `spend` column, summed (read, never trusted); null when no row states it. */
  gatewaySpend: string | null;
}

/** A signed difference: requests, tokens and spend. */
export interface Delta {
  requests: number | null;
  tokens: TokenFigures;
  spend: string | null;
}

/**
 * The gap `usage - ledger`, explained by computed parts that add up to it:
 * `gap = bypass - cacheHits - failedAttempts + unmatchedModels + residual`.
 */
export interface GapExplanation {
  /** Calls with spans and no gateway row (`gateway_bypass`): billed, not in the ledger. */
  bypass: CallFigures;
  /** Ledger rows the gateway served from its cache: the provider never billed them (spend is 0). */
  cacheHits: CallFigures & { savedSpend: string | null };
  /** Ledger rows of failed attempts without usage: not billed (their tokens, if any, are the gateway's count). */
  failedAttempts: CallFigures;
  /** What is left on a line whose model only one side names (after the parts above). */
  unmatchedModels: Delta;
  /** What nothing explains. */
  residual: Delta;
  /** True when the residual is zero in requests, every token bucket and spend. */
  fullyExplained: boolean;
}

/** One compared line: a (provider, day, model) row, a (provider, day) total or a provider total. */
export interface ReconcileLine {
  provider: string;
  /** UTC day `YYYY-MM-DD`; null on provider totals. */
  day: string | null;
  /** Model family compared (`gpt-4o` for `gpt-4o-2024-08-06` and `gpt-4o`); null on day and provider totals. */
  model: string | null;
  /** Model names the provider's report uses on this line. */
  usageModels: string[];
  /** Model names the ledger and bypass calls use on this line. */
  ledgerModels: string[];
  usage: UsageSide;
  ledger: LedgerSide;
  gap: Delta;
  /** ledger / usage, on total tokens and on spend; null when usage is 0 or spend unknown. */
  ratio: { tokens: number | null; spend: number | null };
  /** Ledger within the threshold of usage on total tokens and on spend (spend when known). */
  healthy: boolean;
  explanation: GapExplanation;
}

export interface ReconcileProvider {
  provider: string;
  /** False when the report is not grouped by model: only days are compared. */
  byModel: boolean;
  /** First and last day compared. */
  from: string;
  to: string;
  total: ReconcileLine;
  days: ReconcileLine[];
  /** Per day and model; empty when `byModel` is false. */
  rows: ReconcileLine[];
}

export const RECONCILE_PROBLEMS = [
  "no_provider_usage",
  "no_ledger",
  "window_outside_ledger",
  "days_outside_ledger",
  "ledger_days_not_covered",
  "overlapping_exports",
  "several_organizations",
  "not_grouped_by_model",
  "cost_without_usage",
  "unpriced_models",
  "providers_without_usage",
  "input_issues",
] as const;
export type ReconcileProblemCode = (typeof RECONCILE_PROBLEMS)[number];

/** `error`: nothing (or nothing for that provider) could be compared. */
export type ProblemSeverity = "error" | "warning" | "info";

export interface ReconcileProblem {
  code: ReconcileProblemCode;
  severity: ProblemSeverity;
  provider: string | null;
  /** Days, calls, files or models the problem is about. */
  count: number;
  /** One sentence naming what was not compared, why, and what to do. */
  message: string;
}

/** One provider report file that was read. */
export interface ReconcileSource {
  file: string;
  provider: string;
  report: "usage" | "cost";
  /** UTC days its buckets cover (first and last). */
  from: string;
  to: string;
  buckets: number;
  organization: string | null;
}

export interface ReconcileSection {
  /** Healthy when |usage - ledger| <= threshold x usage (default 0.01). */
  threshold: number;
  /** The ledger's days (first and last call), null without ledger rows. */
  ledgerWindow: { from: string; to: string } | null;
  sources: ReconcileSource[];
  providers: ReconcileProvider[];
  /** True when every compared line's residual is zero. */
  fullyExplained: boolean;
  problems: ReconcileProblem[];
}
