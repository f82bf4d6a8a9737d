import type { Engine } from "../engine/engine.js";
import { readBypass, readCoverage, readRecovery } from "./coverage.js";
import { readCaptureJoinStats, readJoinStats } from "./joinStats.js";
import { readModes, readTotals } from "./modes.js";
import { type AuditOptions, resolveAuditOptions } from "./options.js";
import { buildAuditTables } from "./pipeline.js";
import type { AuditResult } from "./result.js";

/**
 * The attribution audit (DESIGN.md sections 3-4): links ledger rows to span evidence, measures
 * spend-weighted coverage per identity layer, what is recoverable and from where, spend outside
 * the ledger, and ranks the failure modes of untagged spend. Reads the canonical tables
 * (`llm_calls`, `otel_traces`, `gateway_rows`, `gateway_keys`, `gateway_teams`) and leaves its
 * working tables behind (`call_links`, `audit_*`) for the per-call diff (`readDiff`).
 */
export async function runAudit(engine: Engine, options: AuditOptions = {}): Promise<AuditResult> {
  const resolved = resolveAuditOptions(options);
  await buildAuditTables(engine, resolved);
  const totals = await readTotals(engine);
  return {
    totals,
    join: await readJoinStats(engine, resolved.matchWindowSeconds),
    captureJoins: await readCaptureJoinStats(engine),
    coverage: await readCoverage(engine),
    recoverable: await readRecovery(engine),
    bypass: await readBypass(engine),
    modes: await readModes(engine, totals.untaggedSpend, resolved.examples),
  };
}
