import type { IdentityLayer } from "../record/identity.js";
import type { CaptureJoinRule } from "./captureEvidence.js";
import type { JoinRule } from "./join.js";
import type { FailureModeId, RecoverySource } from "./modeIds.js";

/**
 * The attribution audit's report model (what reports/ renders). Money is USD as a number
 * (summed exactly as decimals in the engine); shares are 0..1, null when nothing to divide.
 */

/** A ledger-side and a span-side count (gateway rows vs LLM spans). */
export interface SidedCount {
  gateway: number;
  spans: number;
}

/** How gateway rows and spans were linked, and what stayed unlinked (counted, never dropped). */
export interface JoinStats {
  /** Ledger rows read (gateway calls in `llm_calls`). */
  gatewayRows: number;
  /** Distinct gateway calls: rows sharing a request id are one call. */
  gatewayCalls: number;
  /** Rows beyond the first with the same request id (exported twice), counted once. */
  duplicateGatewayRows: number;
  /** LLM spans. */
  spanCalls: number;
  /** Calls the spans describe once call-site and hop spans of one call are merged. */
  spanCallGroups: number;
  /** Gateway calls linked by each rule (each call by the first rule that linked it). */
  joins: Record<JoinRule, number>;
  /** Gateway calls no span matched (`no_trace`). */
  unmatchedGatewayCalls: number;
  /** Of those, rows whose trace id exists in the spans but matched no LLM span there. */
  unmatchedWithKnownTrace: number;
  /** Span calls with no gateway row. */
  unmatchedSpanCalls: number;
  /** Of those, the ones showing a provider call (usage or a response id): `gateway_bypass`. */
  bypassSpanCalls: number;
  /** Span calls linked to several gateway rows (one SDK span over retried attempts). */
  spanCallsOverSeveralRows: number;
  /** Response ids on more than one gateway call / on spans of more than one trace. */
  duplicateResponseIds: SidedCount;
  /** Rows whose trace had several candidate calls (the nearest was taken) / rows left unlinked because a fuzzy match was not one-to-one. */
  ambiguous: { traceId: number; fuzzy: number };
  /** Calls whose input or output tokens are not stated. */
  missingTokens: SidedCount;
  /** Calls that state zero input and output tokens. */
  zeroTokens: SidedCount;
  /** Calls that end before they start. */
  endBeforeStart: SidedCount;
  /** Linked rows that start outside their call-site span (beyond the match window): clock skew. */
  rowOutsideSpanTime: number;
  /** Spans stored more than once (same trace and span id). */
  duplicateSpans: number;
}

/** How proxy captures joined (DESIGN.md section 1): each capture counts once, by the first rule that joined it. */
export interface CaptureJoinStats {
  /** Captured calls (one per HAR entry that is an LLM API call). */
  calls: number;
  /** Captures joined by each rule (response id in the body; else trace id of `traceparent`). */
  joins: Record<CaptureJoinRule, number>;
  /** Captures that reached a gateway row (directly or through their span call). */
  toGateway: number;
  /** Captures no rule joined. */
  unmatched: number;
  /** Of those, the ones reporting usage: spend outside the ledger (also in `bypass`, service "(capture)"). */
  outsideLedger: number;
}

/** Ledger coverage of one identity layer (DESIGN.md section 3). */
export interface LayerCoverage {
  layer: IdentityLayer;
  /** Required by the contract; untagged figures count only for required layers. */
  required: boolean;
  calls: number;
  spend: number;
  /** Calls without a cost (not priced): in `calls`, not in `spend`. */
  unpricedCalls: number;
  taggedCalls: number;
  taggedSpend: number;
  untaggedCalls: number;
  untaggedSpend: number;
  /** taggedSpend / spend. */
  coverage: number | null;
  /** taggedCalls / calls. */
  callCoverage: number | null;
  recoverableCalls: number;
  recoverableSpend: number;
  /** (taggedSpend + recoverableSpend) / spend: coverage once the ledger is back-filled. */
  coverageIfRecovered: number | null;
}

export interface RecoveredValue {
  value: string;
  source: RecoverySource;
  calls: number;
  spend: number;
}

/** What can be back-filled for one layer, and from where. */
export interface LayerRecovery {
  layer: IdentityLayer;
  calls: number;
  spend: number;
  bySource: { source: RecoverySource; calls: number; spend: number }[];
  /** Most valuable recovered values first (top 10). */
  values: RecoveredValue[];
}

/** Spend outside the ledger: span calls with usage or a response id and no gateway row. */
export interface BypassSummary {
  calls: number;
  spend: number;
  unpricedCalls: number;
  services: { service: string; calls: number; spend: number }[];
  exampleTraceIds: string[];
}

/** One failure mode, with the figures DESIGN.md section 4 lists. */
export interface ModeSummary {
  mode: FailureModeId;
  /** Calls with at least one layer in this mode (a call counts once per mode). */
  calls: number;
  spend: number;
  unpricedCalls: number;
  /** spend / total untagged spend. */
  share: number | null;
  layers: { layer: IdentityLayer; calls: number; spend: number }[];
  /** Services on the paths of the calls, by spend. */
  services: string[];
  /** Hops `A -> B` on those paths (the ledger last), by spend. */
  hops: string[];
  /** First divergences `A -> B`, by spend. */
  divergences: { hop: string; calls: number; spend: number }[];
  exampleTraceIds: string[];
  fix: string;
}

export interface AuditTotals {
  /** Gateway calls (the ledger). */
  calls: number;
  spend: number;
  unpricedCalls: number;
  /** Calls untagged in at least one required layer, counted once. */
  untaggedCalls: number;
  untaggedSpend: number;
}

export interface AuditResult {
  totals: AuditTotals;
  join: JoinStats;
  /** Proxy captures (HAR) and how they joined the gateway rows and span calls. */
  captureJoins: CaptureJoinStats;
  coverage: LayerCoverage[];
  recoverable: LayerRecovery[];
  bypass: BypassSummary;
  /** Modes with at least one call, ranked by untagged spend. */
  modes: ModeSummary[];
}
