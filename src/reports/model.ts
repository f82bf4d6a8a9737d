import type { AlertsSection } from "../alerts/section.js";
import type { CacheReport } from "../analyses/cache.js";
import type { DriftReport } from "../analyses/drift.js";
import type { IntegritySection } from "../analyses/integrityModel.js";
import type { JoinRule } from "../analyses/join.js";
import type { BypassId, FailureModeId, RecoverySource } from "../analyses/modeIds.js";
import type { PrivacySection } from "../analyses/privacy.js";
import type { ReconcileProblemCode, ReconcileSection } from "../analyses/reconcileTypes.js";
import type { CaptureJoinStats } from "../analyses/result.js";
import type { RetryReport } from "../analyses/retries.js";
import type { RollupReport } from "../analyses/rollups.js";
import type { SubstitutionReport } from "../analyses/substitution.js";
import type { Timeline } from "../analyses/timelineModel.js";
import type { IdentityLayer } from "../record/identity.js";

/**
 * The audit report model (DESIGN.md section 7): one plain JSON-able document that every
 * renderer takes. Money is USD as exact decimal text (`"12.5"`, `"0"`, `"-0.03"`); shares are
 * numbers 0..1, null when there is nothing to divide. Documented by
 * `schema/audit-report.schema.json`; ids (modes, layers, join rules, note codes) are stable.
 */

export type { AlertsSection } from "../alerts/section.js";
export type { CacheReport } from "../analyses/cache.js";
export type { DriftModel, DriftReport } from "../analyses/drift.js";
export type { IntegritySection } from "../analyses/integrityModel.js";
export type { PrivacySection } from "../analyses/privacy.js";
export type { ReconcileSection } from "../analyses/reconcileTypes.js";
export type { RetryReport } from "../analyses/retries.js";
export type { RollupNode, RollupReport, RollupRow } from "../analyses/rollups.js";
export type { SubstitutionReport } from "../analyses/substitution.js";
export type { Timeline } from "../analyses/timelineModel.js";

export const REPORT_SCHEMA_VERSION = "1.0" as const;

/** USD as exact decimal text. */
export type Usd = string;
/** 0..1; null when the whole is 0. */
export type Share = number | null;

/** One input file (from the ingest run, or the files recorded in the database). */
export interface ReportInputFile {
  path: string;
  /** Reader id; null when no reader claimed the file. */
  format: string | null;
  /** Records read; null when not known (a database filled earlier). */
  records: number | null;
  skipped: number | null;
  issues: number;
}

export interface ReportInputs {
  /** `ingest`: this run read the files; `database`: the report re-ran on stored data. */
  origin: "ingest" | "database";
  files: ReportInputFile[];
  /** Files per reader id. */
  formats: { format: string; files: number }[];
  records: number | null;
  skipped: number | null;
  issues: number;
}

/** Untagged and recoverable spend of one identity layer, as shares of the ledger spend. */
export interface HeadlineLayer {
  layer: IdentityLayer;
  required: boolean;
  untaggedCalls: number;
  untaggedSpend: Usd;
  /** untaggedSpend / ledger spend. */
  untaggedShare: Share;
  recoverableCalls: number;
  recoverableSpend: Usd;
  /** recoverableSpend / ledger spend (at most untaggedShare). */
  recoverableShare: Share;
}

/** A model the rate card does not price: reported by name, never priced at 0. */
export interface UnpricedModel {
  model: string;
  tokens: number;
  calls: number;
}

export interface Headline {
  /** Ledger (gateway) spend priced with the rate card. */
  totalSpend: Usd;
  ledgerCalls: number;
  /** Calls untagged in at least one required layer, and their spend. */
  untaggedCalls: number;
  untaggedSpend: Usd;
  untaggedShare: Share;
  layers: HeadlineLayer[];
  /** Unpriced billable tokens / all billable tokens (ledger and outside-ledger calls). */
  unpricedShare: Share;
  unpricedModels: UnpricedModel[];
  /** Spend of span calls that have no gateway row (`gateway_bypass`). */
  outsideLedgerSpend: Usd;
  outsideLedgerCalls: number;
}

/** One failure mode of untagged spend, ranked by spend (DESIGN.md section 4). */
export interface Fix {
  rank: number;
  mode: FailureModeId;
  /** A call counts once per mode, however many layers it lost there. */
  calls: number;
  spend: Usd;
  /** spend / untagged spend. */
  share: Share;
  unpricedCalls: number;
  layers: { layer: IdentityLayer; calls: number; spend: Usd }[];
  services: string[];
  hops: string[];
  /** The divergence with the most spend, `A -> B`; null when none is known. */
  firstDivergence: string | null;
  divergences: { hop: string; calls: number; spend: Usd }[];
  exampleTraceIds: string[];
  fix: string;
}

export interface CoverageLayer {
  layer: IdentityLayer;
  required: boolean;
  calls: number;
  spend: Usd;
  unpricedCalls: number;
  taggedCalls: number;
  taggedSpend: Usd;
  untaggedCalls: number;
  untaggedSpend: Usd;
  /** taggedSpend / spend. */
  coverage: Share;
  callCoverage: Share;
  recoverableCalls: number;
  recoverableSpend: Usd;
  coverageIfRecovered: Share;
}

export interface RecoverableLayer {
  layer: IdentityLayer;
  calls: number;
  spend: Usd;
  bySource: { source: RecoverySource; calls: number; spend: Usd }[];
  /** Most valuable recovered values first. */
  values: { value: string; source: RecoverySource; calls: number; spend: Usd }[];
}

export interface JoinReport {
  gatewayRows: number;
  gatewayCalls: number;
  duplicateGatewayRows: number;
  spanCalls: number;
  spanCallGroups: number;
  /** Gateway calls linked by each rule, in rule order. */
  rules: { rule: JoinRule; calls: number }[];
  unmatchedGatewayCalls: number;
  unmatchedWithKnownTrace: number;
  unmatchedSpanCalls: number;
  bypassSpanCalls: number;
  spanCallsOverSeveralRows: number;
  duplicateResponseIds: { gateway: number; spans: number };
  ambiguous: { traceId: number; fuzzy: number };
  missingTokens: { gateway: number; spans: number };
  zeroTokens: { gateway: number; spans: number };
  endBeforeStart: { gateway: number; spans: number };
  rowOutsideSpanTime: number;
  duplicateSpans: number;
  /** Proxy captures: how many joined by each rule, reached a gateway row, or stayed unmatched. */
  captures: CaptureJoinStats;
}

export interface BypassReport {
  mode: BypassId;
  calls: number;
  spend: Usd;
  unpricedCalls: number;
  services: { service: string; calls: number; spend: Usd }[];
  exampleTraceIds: string[];
  fix: string;
}

/** Stable codes of the notes: what could not be used, and why. */
export type NoteCode =
  | "skipped_records"
  | "input_issues"
  | "unpriced_models"
  | "unpriced_calls"
  | "missing_tokens"
  | "duplicate_gateway_rows"
  | "duplicate_spans"
  | "duplicate_response_ids"
  | "ambiguous_joins"
  | "end_before_start"
  | "clock_skew"
  | "no_gateway_rows"
  | "gateway_drift"
  | "drift_not_compared"
  | "cache_hits_without_usage"
  /** An error or warning of the reconciliation, one note per problem code (counts summed). */
  | `reconcile_${ReconcileProblemCode}`;

export interface ReportNote {
  code: NoteCode;
  /** How many records, calls or models the note is about. */
  count: number;
  /** One sentence that states the count, what was not used and why. */
  message: string;
}

export interface AuditReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** ISO 8601 instant the report was built. */
  generatedAt: string;
  currency: "USD";
  /** Calls that started in [from, to) (ISO 8601), null when unbounded. */
  period: { from: string | null; to: string | null };
  contract: { source: string; required: IdentityLayer[] };
  pricing: { defaults: string; priceFiles: string[] };
  inputs: ReportInputs;
  headline: Headline;
  /** Failure modes ranked by untagged spend. */
  fixes: Fix[];
  coverage: CoverageLayer[];
  recoverable: RecoverableLayer[];
  join: JoinReport;
  bypass: BypassReport;
  retries: RetryReport;
  cache: CacheReport;
  substitution: SubstitutionReport;
  rollups: RollupReport;
  drift: DriftReport;
  /** Week-over-week jumps per team (evaluated only: the report never delivers webhooks). */
  alerts: AlertsSection;
  /** Gateway ledger vs the provider's usage exports; null when no provider export was read. */
  reconciliation: ReconcileSection | null;
  /** Is every request one trace, can every log line be found by its trace id. */
  integrity: IntegritySection;
  /** Where personal data sits in telemetry: keys, services and counts, never the values. */
  privacy: PrivacySection;
  /**
   * Timelines of the findings' example trace ids, by trace id (at most MAX_TIMELINES, in
   * finding order), collected here so the HTML renderer can embed and link them.
   */
  timelines: Record<string, Timeline>;
  notes: ReportNote[];
}
