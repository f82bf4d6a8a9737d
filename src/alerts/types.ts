/**
 * Week-over-week alerts (DESIGN.md section 6): the configuration, and what an evaluation
 * finds. Metric values are decimal text so one type carries both metrics exactly: tokens are
 * whole numbers (`"278623"`), spend is USD (`"12.5"`).
 */

/** What an alert compares. */
export const ALERT_METRICS = ["output_tokens", "spend"] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** How calls are grouped: always per team, optionally per project or feature inside it. */
export const ALERT_GROUPINGS = ["team", "team,project", "team,feature"] as const;
export type AlertGrouping = (typeof ALERT_GROUPINGS)[number];
export type GroupDimension = "team" | "project" | "feature";

/** Dimensions a jump is broken down by to name its driver. */
export const DRIVER_DIMENSIONS = ["model", "feature", "service"] as const;
export type DriverDimension = (typeof DRIVER_DIMENSIONS)[number];

export const WEBHOOK_FORMATS = ["slack", "json"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface Webhook {
  url: string;
  /** `slack`: `{text, blocks}` (Slack incoming webhooks and compatibles); `json`: the alert itself. */
  format: WebhookFormat;
  /** Per attempt (default 5000). */
  timeoutMs: number;
  /** Attempts after the first (default 3). */
  retries: number;
}

/** When a group's metric fires. */
export interface AlertRule {
  /** Current / previous must be above this (decimal text; default "2"). */
  ratio: string;
  /** Output-token alerts need at least this many output tokens in the current period (default 100000). */
  minOutputTokens: number;
  /** Spend alerts need at least this much USD in the current period (decimal text; default "10"). */
  minSpend: string;
}

export interface AlertConfig {
  /** The file it came from, or "(defaults)". */
  source: string;
  /** Length of each compared period in days (default 7). */
  periodDays: number;
  metrics: AlertMetric[];
  by: AlertGrouping;
  rule: AlertRule;
  /** Per-team overrides and the team's own webhooks (alerts of that team go there too). */
  teams: Record<string, Partial<AlertRule> & { webhooks: Webhook[] }>;
  /** Every alert goes to each of these. */
  webhooks: Webhook[];
}

/** The two compared periods, [from, to) as ISO 8601 instants at UTC midnight. */
export interface AlertWindow {
  previous: { from: string; to: string };
  current: { from: string; to: string };
  days: number;
  /** What the window was anchored on: `--now`, or the latest call in the data. */
  anchor: "now" | "latest_call";
}

/** One value of a driver dimension and its change. */
export interface DriverValue {
  value: string;
  previous: string;
  current: string;
  delta: string;
  /** delta / the group's delta (may exceed 1 when other values fell). */
  share: number;
}

/** What the jump is made of. */
export type JumpCause = "retries" | "volume" | "per_call";

export interface AlertDriver {
  /** `retries`: extra attempts account for at least half the delta; else whichever of calls and value per call grew more. */
  cause: JumpCause;
  /** Values with the largest increase first (at most 3 each). */
  model: DriverValue[];
  feature: DriverValue[];
  service: DriverValue[];
  calls: { previous: number; current: number };
  /** Metric per call, rounded to 6 decimals. */
  perCall: { previous: string; current: string };
  /** Attempts beyond the first of each retry chain, and the metric they carry. */
  retries: { previousAttempts: number; currentAttempts: number; previous: string; current: string };
}

export interface Alert {
  /** Stable: group + metric + period; the delivery state is keyed on it. */
  id: string;
  metric: AlertMetric;
  group: Partial<Record<GroupDimension, string>>;
  team: string;
  previous: string;
  current: string;
  /** current / previous, rounded half up to 6 decimals. */
  ratio: string;
  rule: AlertRule;
  window: AlertWindow;
  driver: AlertDriver;
  /** One line a person reads first. */
  summary: string;
}

export interface AlertRun {
  window: AlertWindow | null;
  by: AlertGrouping;
  metrics: AlertMetric[];
  /** Groups compared (those with calls in either period). */
  groups: number;
  alerts: Alert[];
  /** Models in the window the rate card does not price: their spend counts as 0 here. */
  unpricedModels: string[];
}
