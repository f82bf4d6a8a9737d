/**
 * The trace integrity section's model (DESIGN.md section 6): is every user request one trace,
 * and can every log line be found by its trace id? Plain JSON-able types for the report.
 */

/** The checks, in report order. Ids are stable. */
export const INTEGRITY_CHECKS = [
  "invalid_span_trace_id",
  "invalid_log_trace_id",
  "orphan_span",
  "queue_split",
  "retry_new_trace",
  "log_unknown_trace",
] as const;
export type IntegrityCheckId = (typeof INTEGRITY_CHECKS)[number];

/** The fix to make, per check (shown beside it). */
export const INTEGRITY_FIXES: Readonly<Record<IntegrityCheckId, string>> = {
  invalid_span_trace_id:
    "Start spans only through the OpenTelemetry SDK inside a valid context (never hand-built ids) and export 128-bit W3C trace ids (32 hex); convert 64-bit B3/Jaeger ids at the edge.",
  invalid_log_trace_id:
    "Write the active span's trace id in every log line, whole and as the SDK formats it (32 lowercase hex): use the logging instrumentation or log bridge, never cut, upper-case or UUID-format it, and start a span before logging work that belongs to a request.",
  orphan_span:
    "Export the parent: remote_parent means the caller propagated a context it never exported (export its spans, or use a parent-based sampler on both sides); local_parent means a span was never ended or was dropped (end spans in finally blocks, flush the exporter on shutdown).",
  queue_split:
    "Inject the trace context into the message headers when publishing and extract it in the consumer: start the processing span as a child of the message's context, or at least add a span link to it.",
  retry_new_trace:
    "Retry inside the request's context: keep the trace id across attempts (a new span per attempt with a retry count), e.g. put the retry decorator around the LLM call, not around the job or handler that starts the trace.",
  log_unknown_trace:
    "Log the trace id of the active OpenTelemetry span instead of an id the service makes up, and export that service's spans (gateway_only: the trace reached the gateway, but the app's spans never arrived).",
};

/** One example of a finding: ids and names only, never attribute or log values. */
export interface IntegrityExample {
  /** A trace the example can be opened in (`spendtrail trace`), null when the item has none. */
  traceId: string | null;
  /** The other trace of a split (producer, failed attempt), null when none. */
  relatedTraceId: string | null;
  service: string;
  kind: string;
  /** `YYYY-MM-DD hh:mm:ss.fffffffff` UTC, null when the item has no time. */
  time: string | null;
  detail: string;
}

export interface IntegrityCheck {
  check: IntegrityCheckId;
  /** Spans, log lines or calls found. */
  count: number;
  /** Distinct traces the items can be opened in. */
  traces: number;
  /** Items whose trace can still be found (a truncated id with one match, a producer found by message id...). */
  recoverable: number;
  /** Items per kind (e.g. `truncated`, `remote_parent`, `rate_limited`), most first. */
  kinds: { kind: string; count: number }[];
  /** The services responsible, most items first (top 5). */
  services: { service: string; count: number }[];
  /** Up to `examples` items, earliest first, one per trace. */
  examples: IntegrityExample[];
  fix: string;
}

/** The section of the audit report. */
export interface IntegritySection {
  checked: { spans: number; traces: number; logLines: number; calls: number };
  /** Consumer spans that start a trace: linked to their producer, split without a link, producer not in the data. */
  consumerRoots: { total: number; linked: number; split: number; producerNotFound: number };
  /** Every check, in INTEGRITY_CHECKS order (count 0 when clean). */
  checks: IntegrityCheck[];
}
