import type { Dimension } from "./identity.js";

/** Where a canonical call came from. */
export const CALL_SOURCES = ["span", "gateway", "capture"] as const;
export type CallSource = (typeof CALL_SOURCES)[number];

/** Outcome of one request attempt (DESIGN.md section 1). */
export const CALL_STATUSES = [
  "ok",
  "rate_limited",
  "timeout",
  "provider_error",
  "validation_error",
  "client_cancelled",
  "cache_hit",
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * Exclusive token buckets: they never overlap, so the total input is
 * uncachedInput + cacheRead + cacheWrite. Reasoning tokens are part of output.
 * `null` means the source did not state the value (never 0 by default).
 */
export interface TokenBuckets {
  uncachedInput: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  output: number | null;
}

/**
 * One LLM call as one evidence source saw it: one row of the `llm_calls` table.
 * Several sources can describe the same call; joining them is the audit's work.
 */
export interface LlmCall {
  /** Unique per source: `span:<trace>:<span>`, `gateway:<request id>`, `capture:<file>#<entry>`. */
  callKey: string;
  source: CallSource;
  sourceFormat: string;
  sourceFile: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  serviceName: string;
  spanName: string;
  operation: string | null;
  provider: string | null;
  requestModel: string | null;
  responseModel: string | null;
  responseId: string | null;
  /** The gateway's own id for the call (LiteLLM `request_id`), when known. */
  requestId: string | null;
  /** Total input as the source reported it, after normalising to inclusive of cache tokens. */
  inputTokens: number | null;
  tokens: TokenBuckets;
  reasoningTokens: number | null;
  stream: boolean | null;
  status: CallStatus;
  errorType: string | null;
  /** ISO-8601 with nanoseconds where the source has them. */
  startTime: string;
  endTime: string;
  keyHash: string | null;
  identity: Partial<Record<Dimension, string>>;
  /** Which key carried each identity value (e.g. `team` -> `metadata.spend_logs_metadata.team`). */
  identityKeys: Partial<Record<Dimension, string>>;
  /** Cost the source itself reported (gateway `spend`, `llm.cost.total`), read and compared, never trusted. */
  reportedCost: number | null;
}
