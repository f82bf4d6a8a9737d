import type { CacheReport } from "../analyses/cache.js";
import type { DriftReport } from "../analyses/drift.js";
import { RECONCILE_PROBLEMS, type ReconcileSection } from "../analyses/reconcileTypes.js";
import type { AuditTotals, JoinStats } from "../analyses/result.js";
import type { NoteCode, ReportInputs, ReportNote, UnpricedModel } from "./model.js";

/**
 * The report's notes: everything that could not be used, or was used with a caveat, said
 * with its count, so no record is dropped without a word. Only notes with a count are kept.
 */

export interface NoteFacts {
  inputs: ReportInputs;
  totals: AuditTotals;
  join: JoinStats;
  unpricedModels: readonly UnpricedModel[];
  drift: DriftReport;
  cache: CacheReport;
  reconciliation: ReconcileSection | null;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

type NoteRule = (f: NoteFacts) => [number, string];
type RuleCode = Exclude<NoteCode, `reconcile_${string}`>;

const RULES: Record<RuleCode, NoteRule> = {
  skipped_records: (f) => [
    f.inputs.skipped ?? 0,
    `${plural(f.inputs.skipped ?? 0, "input record")} skipped (malformed or not telemetry); each is an issue with its file and line`,
  ],
  input_issues: (f) => [
    f.inputs.issues,
    `${plural(f.inputs.issues, "input issue")} recorded (see the ingest summary or the ingest_issues table)`,
  ],
  unpriced_models: (f) => [
    f.unpricedModels.length,
    `${plural(f.unpricedModels.length, "model")} not on the rate card, left out of spend (never priced at 0): ${f.unpricedModels
      .map((m) => `${m.model} (${plural(m.tokens, "token")})`)
      .join(", ")}; add them with --prices FILE`,
  ],
  unpriced_calls: (f) => [
    f.totals.unpricedCalls,
    `${plural(f.totals.unpricedCalls, "ledger call")} without a price: counted as calls, not as spend`,
  ],
  missing_tokens: (f) => [
    f.join.missingTokens.gateway + f.join.missingTokens.spans,
    `${plural(f.join.missingTokens.gateway, "gateway row")} and ${plural(f.join.missingTokens.spans, "LLM span")} state no input or output tokens: unknown, not 0`,
  ],
  duplicate_gateway_rows: (f) => [
    f.join.duplicateGatewayRows,
    `${plural(f.join.duplicateGatewayRows, "gateway row")} repeat a request id already seen (exported twice): each call is counted once`,
  ],
  duplicate_spans: (f) => [
    f.join.duplicateSpans,
    `${plural(f.join.duplicateSpans, "span")} stored more than once (same trace and span id), counted once`,
  ],
  duplicate_response_ids: (f) => [
    f.join.duplicateResponseIds.gateway + f.join.duplicateResponseIds.spans,
    `${f.join.duplicateResponseIds.gateway} response ids on several gateway calls and ${f.join.duplicateResponseIds.spans} in several traces: joins by response id are less certain there`,
  ],
  ambiguous_joins: (f) => [
    f.join.ambiguous.traceId + f.join.ambiguous.fuzzy,
    `${plural(f.join.ambiguous.traceId + f.join.ambiguous.fuzzy, "gateway row")} with several candidate calls (${f.join.ambiguous.traceId} by trace id: the nearest taken; ${f.join.ambiguous.fuzzy} fuzzy: left unlinked)`,
  ],
  end_before_start: (f) => [
    f.join.endBeforeStart.gateway + f.join.endBeforeStart.spans,
    `${plural(f.join.endBeforeStart.gateway + f.join.endBeforeStart.spans, "call")} ending before they start (clock or export bug)`,
  ],
  clock_skew: (f) => [
    f.join.rowOutsideSpanTime,
    `${plural(f.join.rowOutsideSpanTime, "linked gateway row")} starting outside their call-site span: the gateway's and the application's clocks disagree`,
  ],
  no_gateway_rows: (f) => [
    f.join.gatewayRows === 0 ? 1 : 0,
    "No gateway ledger rows were read: untagged shares need the ledger; span calls count as outside the ledger",
  ],
  gateway_drift: (f) => [
    f.drift.byModel.filter((m) => m.finding).length,
    `Gateway spend differs from the rate card by more than ${f.drift.threshold * 100}% for ${f.drift.byModel
      .filter((m) => m.finding)
      .map((m) => `${m.model} (reported ${m.reportedSpend} USD, rate card ${m.rateCardSpend} USD)`)
      .join(", ")}`,
  ],
  drift_not_compared: (f) => [
    f.drift.callsWithoutReportedSpend + f.drift.unpricedCalls,
    `${plural(f.drift.callsWithoutReportedSpend + f.drift.unpricedCalls, "gateway call")} not compared with the rate card (${f.drift.callsWithoutReportedSpend} state no spend, ${f.drift.unpricedCalls} have an unpriced model)`,
  ],
  cache_hits_without_usage: (f) => [
    f.cache.gateway.callsWithoutUsage,
    `${plural(f.cache.gateway.callsWithoutUsage, "gateway cache hit")} without token counts: what they saved is unknown`,
  ],
};

/**
 * The reconciliation's errors and warnings (info stays in its section): one note per problem
 * code, counts summed and messages joined, so a code appears once however many providers.
 */
function reconcileNotes(section: ReconcileSection | null): ReportNote[] {
  const problems = (section?.problems ?? []).filter((p) => p.severity !== "info");
  return RECONCILE_PROBLEMS.flatMap((code) => {
    const of = problems.filter((p) => p.code === code);
    if (of.length === 0) return [];
    const count = Math.max(
      1,
      of.reduce((n, p) => n + p.count, 0),
    );
    const message = `Reconciliation: ${of.map((p) => (p.provider === null ? p.message : `${p.provider}: ${p.message}`)).join("; ")}`;
    return [{ code: `reconcile_${code}` as const, count, message }];
  });
}

/** The notes that apply, in a stable order. */
export function reportNotes(facts: NoteFacts): ReportNote[] {
  const notes = (Object.keys(RULES) as RuleCode[]).flatMap((code) => {
    const [count, message] = RULES[code](facts);
    return count > 0 ? [{ code, count, message }] : [];
  });
  return [...notes, ...reconcileNotes(facts.reconciliation)];
}
