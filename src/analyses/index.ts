export { runAudit } from "./audit.js";
export type { CaptureJoinRule } from "./captureEvidence.js";
export { CAPTURE_JOIN_RULES } from "./captureEvidence.js";
export { callCostSql, pricedCallCostSql } from "./cost.js";
export type { DiffField, DiffLayer, DiffRow, DiffSqlRow } from "./diff.js";
export { diffSql, readDiff, toDiffRow } from "./diff.js";
export { FIXES } from "./fixes.js";
export type { JoinRule } from "./join.js";
export { JOIN_RULES } from "./join.js";
export type { BypassId, FailureModeId, RecoverySource } from "./modeIds.js";
export { FAILURE_MODES, GATEWAY_BYPASS, RECOVERY_SOURCES } from "./modeIds.js";
export type { AuditOptions } from "./options.js";
export { auditStatements, buildAuditTables } from "./pipeline.js";
export type {
  AuditResult,
  AuditTotals,
  BypassSummary,
  CaptureJoinStats,
  JoinStats,
  LayerCoverage,
  LayerRecovery,
  ModeSummary,
  RecoveredValue,
  SidedCount,
} from "./result.js";
