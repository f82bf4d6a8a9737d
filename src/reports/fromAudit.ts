import { FIXES } from "../analyses/fixes.js";
import { JOIN_RULES } from "../analyses/join.js";
import { GATEWAY_BYPASS } from "../analyses/modeIds.js";
import type {
  AuditResult,
  BypassSummary,
  CaptureJoinStats,
  JoinStats,
  LayerRecovery,
  ModeSummary,
} from "../analyses/result.js";
import type {
  BypassReport,
  CoverageLayer,
  Fix,
  HeadlineLayer,
  JoinReport,
  RecoverableLayer,
  Usd,
} from "./model.js";

/**
 * The audit's figures in report form. The audit hands money over as numbers rounded to 1e-9
 * USD (summed as decimals in the engine); they become decimal text here, so every figure
 * of the report has one type.
 */

/** A money number from the audit as decimal text: `0.0123`, `0`, `-1.5`. */
export function usdText(value: number): Usd {
  const fixed = value.toFixed(9).replace(/\.?0+$/, "");
  return fixed === "-0" || fixed === "" ? "0" : fixed;
}

/** Shares stay within 0..1 even where rounding of the money figures would push them past 1. */
export function clampShare(value: number | null): number | null {
  return value === null ? null : Math.min(1, Math.max(0, value));
}

const share = (part: number, whole: number): number | null => clampShare(whole > 0 ? part / whole : null);

/** Untagged and recoverable spend per layer as shares of the ledger spend. */
export function headlineLayers(audit: AuditResult): HeadlineLayer[] {
  return audit.coverage.map((c) => ({
    layer: c.layer,
    required: c.required,
    untaggedCalls: c.untaggedCalls,
    untaggedSpend: usdText(c.untaggedSpend),
    untaggedShare: share(c.untaggedSpend, c.spend),
    recoverableCalls: c.recoverableCalls,
    recoverableSpend: usdText(c.recoverableSpend),
    recoverableShare: share(c.recoverableSpend, c.spend),
  }));
}

function toFix(m: ModeSummary, index: number): Fix {
  return {
    rank: index + 1,
    mode: m.mode,
    calls: m.calls,
    spend: usdText(m.spend),
    share: clampShare(m.share),
    unpricedCalls: m.unpricedCalls,
    layers: m.layers.map((l) => ({ layer: l.layer, calls: l.calls, spend: usdText(l.spend) })),
    services: m.services,
    hops: m.hops,
    firstDivergence: m.divergences[0]?.hop ?? null,
    divergences: m.divergences.map((d) => ({ hop: d.hop, calls: d.calls, spend: usdText(d.spend) })),
    exampleTraceIds: m.exampleTraceIds,
    fix: m.fix,
  };
}

/** The failure modes, already ranked by untagged spend. */
export function fixes(audit: AuditResult): Fix[] {
  return audit.modes.map(toFix);
}

export function coverage(audit: AuditResult): CoverageLayer[] {
  return audit.coverage.map((c) => ({
    ...c,
    spend: usdText(c.spend),
    taggedSpend: usdText(c.taggedSpend),
    untaggedSpend: usdText(c.untaggedSpend),
    recoverableSpend: usdText(c.recoverableSpend),
    coverage: clampShare(c.coverage),
    callCoverage: clampShare(c.callCoverage),
    coverageIfRecovered: clampShare(c.coverageIfRecovered),
  }));
}

function recoverableLayer(r: LayerRecovery): RecoverableLayer {
  return {
    layer: r.layer,
    calls: r.calls,
    spend: usdText(r.spend),
    bySource: r.bySource.map((s) => ({ ...s, spend: usdText(s.spend) })),
    values: r.values.map((v) => ({ ...v, spend: usdText(v.spend) })),
  };
}

export function recoverable(audit: AuditResult): RecoverableLayer[] {
  return audit.recoverable.map(recoverableLayer);
}

export function joinReport(join: JoinStats, captures: CaptureJoinStats): JoinReport {
  const { joins, ...rest } = join;
  return { ...rest, rules: JOIN_RULES.map((rule) => ({ rule, calls: joins[rule] })), captures };
}

export function bypass(b: BypassSummary): BypassReport {
  return {
    mode: GATEWAY_BYPASS,
    calls: b.calls,
    spend: usdText(b.spend),
    unpricedCalls: b.unpricedCalls,
    services: b.services.map((s) => ({ ...s, spend: usdText(s.spend) })),
    exampleTraceIds: b.exampleTraceIds,
    fix: FIXES[GATEWAY_BYPASS],
  };
}
