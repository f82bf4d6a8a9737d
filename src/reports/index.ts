export type { BuildReportOptions } from "./build.js";
export { buildAuditReport } from "./build.js";
export type { DiffFormat } from "./diff.js";
export {
  DIFF_CSV_COLUMNS,
  DIFF_FORMATS,
  diffBatches,
  diffCsvHeader,
  diffCsvLine,
  diffFormatOf,
  diffJsonLine,
} from "./diff.js";
export { hashAuditReport } from "./hash.js";
export { inputsFromDatabase, inputsFromIngest } from "./inputs.js";
export { renderMarkdown } from "./markdown.js";
export type {
  AlertsSection,
  AuditReport,
  BypassReport,
  CacheReport,
  CoverageLayer,
  DriftModel,
  DriftReport,
  Fix,
  Headline,
  HeadlineLayer,
  IntegritySection,
  JoinReport,
  NoteCode,
  PrivacySection,
  ReconcileSection,
  RecoverableLayer,
  ReportInputFile,
  ReportInputs,
  ReportNote,
  RetryReport,
  RollupNode,
  RollupReport,
  RollupRow,
  Share,
  SubstitutionReport,
  Timeline,
  UnpricedModel,
  Usd,
} from "./model.js";
export { REPORT_SCHEMA_VERSION } from "./model.js";
export type { Renderer, RendererName } from "./renderers.js";
export { RENDERERS, renderJson } from "./renderers.js";
export type { TerminalOptions } from "./terminal.js";
export { renderTerminal } from "./terminal.js";
export type { Period } from "./window.js";
export { withPeriod } from "./window.js";
