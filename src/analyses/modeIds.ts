/**
 * Failure modes (DESIGN.md section 4), stable ids in the order they are tried: every
 * untagged (call, layer) pair gets the first that matches.
 */
export const FAILURE_MODES = [
  "master_key_fallback",
  "stream_close_late",
  "retry_header_strip",
  "gateway_header_filter",
  "async_context_loss",
  "missing_at_call_site",
  "no_trace",
] as const;
export type FailureModeId = (typeof FAILURE_MODES)[number];

/** Spend outside the ledger: a span shows a provider call that has no gateway row. */
export const GATEWAY_BYPASS = "gateway_bypass" as const;
export type BypassId = typeof GATEWAY_BYPASS;

/** Where a recovered identity value was found, in the order sources are preferred. */
export const RECOVERY_SOURCES = [
  "call_span",
  "hop_span",
  "ancestor_span",
  "linked_trace",
  "key_table",
  "capture",
] as const;
export type RecoverySource = (typeof RECOVERY_SOURCES)[number];
