/**
 * spendtrail as a library: open an engine, ingest telemetry (files and a live LiteLLM
 * database), run the audit and its analyses, build the report and render it, evaluate
 * alerts, export FOCUS and back-fill rows. The CLI (`spendtrail`) is a thin shell over these.
 *
 * ```ts
 * const engine = await openEngine();
 * const contract = await loadContract();
 * await ingestFiles(engine, ["traces.jsonl", "spend-logs.csv"], { contract });
 * const report = await buildAuditReport(engine, { contract });
 * process.stdout.write(RENDERERS.md(report));
 * await engine.close();
 * ```
 */

// Alerts.
export type { Alert, AlertConfig, AlertRun, AlertsSection, DeliveryReport } from "./alerts/index.js";
export {
  ALERT_RENDERERS,
  alertsSection,
  DEFAULT_ALERT_CONFIG,
  deliverAlerts,
  evaluateAlerts,
  loadAlertConfig,
  parseAlertConfig,
} from "./alerts/index.js";
export { cacheFindings } from "./analyses/cache.js";
// Analyses.
export type { CallFilterKey, CallsFilter } from "./analyses/calls.js";
export { CALL_FILTER_KEYS, callsQuery } from "./analyses/calls.js";
export { hashIdentity, hashReportIdentities } from "./analyses/hashIdentities.js";
export type {
  AuditOptions,
  AuditResult,
  AuditTotals,
  FailureModeId,
  JoinRule,
  LayerCoverage,
  ModeSummary,
} from "./analyses/index.js";
export { FAILURE_MODES, FIXES, JOIN_RULES, runAudit } from "./analyses/index.js";
export type { IntegrityOptions, IntegritySection } from "./analyses/integrity.js";
export { integrityChecks } from "./analyses/integrity.js";
export type { PrivacySection } from "./analyses/privacy.js";
export { privacyScan } from "./analyses/privacy.js";
export type { ReconcileOptions, ReconcileSection } from "./analyses/reconcile.js";
export { reconcile } from "./analyses/reconcile.js";
export { retryChains } from "./analyses/retries.js";
export { rollups } from "./analyses/rollups.js";
export { modelSubstitutions } from "./analyses/substitution.js";
export type { Timeline, TimelineEvent, TimelineOptions } from "./analyses/timeline.js";
export { buildTimeline, buildTimelines } from "./analyses/timeline.js";
export { resolveTraceId } from "./analyses/traceResolve.js";
// Identity contract.
export type { ContractFile, ContractMode, IdentityContract } from "./contract/index.js";
export { DEFAULT_CONTRACT, loadContract, parseContract } from "./contract/index.js";
// Demo workload with a planted answer.
export type { DemoFile, DemoOptions, ExpectedAnswer } from "./demo/index.js";
export { DEFAULT_SEED, DEMO_FILES, generateDemo, writeDemo } from "./demo/index.js";
// Engine.
export type { ChdbOptions, Engine, EngineKind, LocalFile, Sql, TableName } from "./engine/index.js";
export { ChdbEngine, openEngine, sql, TABLES } from "./engine/index.js";
export type { ErrorCode } from "./errors.js";
export { ConfigError, EngineError, InputError, SpendtrailError } from "./errors.js";
export type { BackfillRow, Confidence } from "./exports/backfill.js";
export { BACKFILL_COLUMNS, backfillRecord, CONFIDENCES, readBackfill } from "./exports/backfill.js";
export type { BackfillScript, BackfillSqlOptions } from "./exports/backfillPg.js";
export { backfillPostgres } from "./exports/backfillPg.js";
// Exports: FinOps FOCUS and ledger back-fill.
export type { FocusExport, FocusOptions, FocusRow } from "./exports/focus.js";
export { focusExport } from "./exports/focus.js";
export type { FocusVersion } from "./exports/focusColumns.js";
export { FOCUS_VERSIONS } from "./exports/focusColumns.js";
export type { GatewayMapping } from "./formats/gateway/mapping.js";
export { loadMapping, parseMapping } from "./formats/gateway/mapping.js";
// Formats and ingest.
export type {
  FormatReader,
  ReadCounts,
  ReadIssue,
  RecordKind,
  RecordSink,
  Sample,
} from "./formats/reader.js";
export type { FormatId } from "./formats/registry.js";
export { detectFormat, READERS } from "./formats/registry.js";
export { openInput } from "./formats/source.js";
export type {
  FileSummary,
  IngestOptions,
  IngestProgress,
  IngestSummary,
  IngestTotals,
} from "./ingest/index.js";
export { ingestFiles } from "./ingest/index.js";
// Pricing: prices are data, applied at query time.
export type {
  LoadRateCardOptions,
  PriceExplanation,
  PriceOfOptions,
  RateCardRow,
  Rates,
  SpendDimension,
  SpendOptions,
} from "./pricing/index.js";
export { loadPriceFiles, loadRateCard, parsePriceFile, pricedSpendSql, priceOf } from "./pricing/index.js";
// Canonical records.
export type {
  CallSource,
  CallStatus,
  Dimension,
  GatewayKeyRow,
  GatewayRow,
  GatewayTeamRow,
  IdentityLayer,
  LlmCall,
  SpanRow,
  TokenBuckets,
} from "./record/index.js";
export { CALL_STATUSES, DIMENSIONS, IDENTITY_LAYERS } from "./record/index.js";
// Reports.
export type {
  AuditReport,
  BuildReportOptions,
  Renderer,
  RendererName,
  ReportInputs,
  TerminalOptions,
} from "./reports/index.js";
export {
  buildAuditReport,
  hashAuditReport,
  inputsFromDatabase,
  inputsFromIngest,
  RENDERERS,
  REPORT_SCHEMA_VERSION,
  renderJson,
  renderMarkdown,
  renderTerminal,
} from "./reports/index.js";
// Sources: a live LiteLLM Postgres database.
export type { GatewaySource } from "./sources/ingest-inputs.js";
export { ingestInputs } from "./sources/ingest-inputs.js";
export type { IngestPostgresOptions } from "./sources/ingest-postgres.js";
export { ingestLitellmPostgres } from "./sources/ingest-postgres.js";
