/** What was called, in the order every call column list holds it. */
export const MODEL_COLUMNS = ["provider", "request_model", "response_model"] as const;

/** The exclusive token buckets, in the order every call column list holds them. */
export const TOKEN_COLUMNS = [
  "input_tokens",
  "uncached_input_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "output_tokens",
  "reasoning_tokens",
] as const;

/** How a call went and when, in the order every call column list holds it. */
export const OUTCOME_COLUMNS = ["stream", "status", "error_type", "start_time", "end_time"] as const;

/** The identity values of a call, in the order every call column list holds them. */
export const IDENTITY_COLUMNS = ["key_hash", "tenant", "team", "workload", "project", "feature"] as const;

/** Columns of `llm_calls` that normalisation fills, in the order the SELECTs produce them. */
export const LLM_CALL_COLUMNS = [
  "call_key",
  "source",
  "source_format",
  "source_file",
  "source_line",
  "trace_id",
  "span_id",
  "parent_span_id",
  "service_name",
  "span_name",
  "operation",
  ...MODEL_COLUMNS,
  "response_id",
  "request_id",
  ...TOKEN_COLUMNS,
  "total_tokens",
  ...OUTCOME_COLUMNS,
  ...IDENTITY_COLUMNS,
  "identity_keys",
  "reported_cost",
] as const;

/**
 * Exclusive buckets from what a source stated: `inclusive` (input with cache), `uncached`
 * (input without cache), `read`, `write` (Nullable(Int64) SQL). Returns the SELECT items for
 * input_tokens and uncached_input_tokens. An "inclusive" count smaller than its own cache
 * parts can only be an exclusive count under an inclusive name, and is read as one.
 */
export function tokenBuckets(inclusive: string, uncached: string, read: string, write: string): string {
  const cached = `(ifNull(${read}, 0) + ifNull(${write}, 0))`;
  const input = `multiIf(${inclusive} IS NULL, ${uncached} + ${cached}, ${inclusive} < ${cached}, ${inclusive} + ${cached}, ${inclusive})`;
  return `${input} AS input_tokens,
  if(${inclusive} IS NULL AND ${uncached} IS NOT NULL, ${uncached}, input_tokens - ${cached}) AS uncached_input_tokens`;
}
