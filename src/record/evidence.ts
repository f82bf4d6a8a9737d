/**
 * What is wrong with a trace id as found ('' = valid). `empty`: absent or blank; `truncated`:
 * hex shorter than 32 or cut with an ellipsis; `wrong_length`: hex of another length (a 64-bit
 * id, too long); `not_hex`: other characters; `all_zeros`: the W3C invalid id.
 */
export const TRACE_ID_PROBLEMS = ["empty", "wrong_length", "all_zeros", "truncated", "not_hex"] as const;
export type TraceIdProblem = (typeof TRACE_ID_PROBLEMS)[number];

/** Loggers an app log line is recognised as. */
export const LOGGERS = ["pino", "bunyan", "winston", "structlog", "json"] as const;
export type Logger = (typeof LOGGERS)[number];

/**
 * One structured log line: a row of `app_logs`. Message text is never kept; other fields keep
 * their key and the kind of their value only (for the privacy check). Strings are `""` when
 * absent, numbers and times `null`.
 */
export interface AppLogRow {
  source_file: string;
  /** 1-based line in the file. */
  line: number;
  logger: Logger;
  /** `YYYY-MM-DD HH:MM:SS.ffffff` UTC, or null when the line has no readable time. */
  timestamp: string | null;
  /** The trace id text as found ('' when no trace id field) and the key it was under. */
  trace_id_raw: string;
  trace_id_field: string;
  /** Lowercase 32 hex, or '' when `trace_id_problem` is not ''. */
  trace_id: string;
  trace_id_problem: TraceIdProblem | "";
  /** Lowercase 16 hex or ''. */
  span_id: string;
  service: string;
  /** `trace`, `debug`, `info`, `warn`, `error`, `fatal`, or '' when absent. */
  level: string;
  /** HTTP status code or status word as logged. */
  status: string;
  latency_ms: number | null;
  /** A structured event name (structlog `event`), never free text. */
  event_name: string;
  identity: Record<string, string>;
  /** Other field keys (dotted paths) -> value kind (see `ValueKind`). */
  field_kinds: Record<string, string>;
}

/** LLM APIs a capture is recognised as, by URL path. */
export const CAPTURE_APIS = [
  "openai_chat",
  "openai_responses",
  "openai_completions",
  "openai_embeddings",
  "anthropic_messages",
] as const;
export type CaptureApi = (typeof CAPTURE_APIS)[number];

/** Why a response body gave no usage ('' = read). */
export const BODY_PROBLEMS = ["empty", "not_json", "bad_base64", "bad_gzip", "not_captured"] as const;
export type BodyProblem = (typeof BODY_PROBLEMS)[number];

/**
 * One HAR entry that is an LLM API call: a row of `captures`. Neither prompt text nor the bearer
 * token is kept (only its sha256). Token columns are exclusive buckets as in `llm_calls`.
 */
export interface CaptureRow {
  source_file: string;
  /** 1-based index in `log.entries`. */
  entry: number;
  started_at: string | null;
  duration_ms: number | null;
  method: string;
  host: string;
  path: string;
  api: CaptureApi;
  provider: string | null;
  request_model: string | null;
  stream: boolean | null;
  /** Request body `user` as given. */
  user: string | null;
  /** Request body `metadata`, identity keys only. */
  metadata: Record<string, string>;
  api_key_hash: string;
  traceparent_raw: string;
  trace_id: string;
  trace_id_problem: TraceIdProblem | "";
  span_id: string;
  /** Identity request headers, lowercase name -> value. */
  headers: Record<string, string>;
  response_status: number | null;
  request_id: string | null;
  response_id: string | null;
  response_model: string | null;
  input_tokens: number | null;
  uncached_input_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  total_tokens: number | null;
  /** True when the body is whole: JSON parsed, or the stream's end marker seen. */
  stream_complete: boolean;
  body_problem: BodyProblem | "";
  error_type: string | null;
  reported_cost: number | null;
}
