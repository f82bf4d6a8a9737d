-- Evidence beyond spans and gateway rows: structured app log events and proxy (HAR) captures.
-- Neither table stores message text, prompt/completion text, header values other than identity
-- headers, or bearer tokens (only their sha256).
-- Trace id problems (both tables): '' valid, 'empty' (absent or blank), 'wrong_length',
-- 'all_zeros', 'truncated' (shorter than 32 hex, or cut with '...'), 'not_hex'.

-- One structured log line (pino, bunyan, winston, structlog, plain JSON) per row.
CREATE TABLE IF NOT EXISTS app_logs (
    source_file LowCardinality(String),
    -- 1-based line in the file.
    line UInt64,
    -- 'pino' | 'bunyan' | 'winston' | 'structlog' | 'json'
    logger LowCardinality(String),
    timestamp Nullable(DateTime64(9, 'UTC')),
    -- The trace id text as found ('' when no trace id field) and the field it came from.
    trace_id_raw String,
    trace_id_field LowCardinality(String),
    -- Lowercase 32 hex, or '' when trace_id_problem is not ''.
    trace_id String,
    trace_id_problem LowCardinality(String),
    -- Lowercase 16 hex or ''.
    span_id String,
    service LowCardinality(String),
    -- Normalised: trace, debug, info, warn, error, fatal ('' when absent).
    level LowCardinality(String),
    -- Outcome as logged (HTTP status code or status word), '' when absent.
    status LowCardinality(String),
    latency_ms Nullable(Float64),
    -- structlog `event` / `event.name` when it is a name (identifier-like), never free text.
    event_name LowCardinality(String),
    -- Identity fields by their key as found (dotted path for nested objects).
    identity Map(LowCardinality(String), String),
    -- Every other field key (dotted path) -> kind of its value, never the value: 'string',
    -- 'number', 'bool', 'null', 'array', 'object' (cut at depth), or a detected shape: 'email',
    -- 'phone', 'ipv4', 'ipv6', 'uuid', 'hex_id', 'jwt', 'bearer', 'card_number'.
    field_kinds Map(LowCardinality(String), LowCardinality(String))
) ENGINE = MergeTree()
ORDER BY (source_file, line)
-- ;
-- One HAR entry that is an LLM API call per row.
CREATE TABLE IF NOT EXISTS captures (
    source_file LowCardinality(String),
    -- 1-based index of the entry in `log.entries`.
    entry UInt64,
    started_at Nullable(DateTime64(9, 'UTC')),
    duration_ms Nullable(Float64),
    method LowCardinality(String),
    -- URL without scheme, query string or fragment.
    host LowCardinality(String),
    path String,
    -- 'openai_chat' | 'openai_responses' | 'openai_completions' | 'openai_embeddings'
    -- | 'anthropic_messages'
    api LowCardinality(String),
    provider LowCardinality(Nullable(String)),
    request_model LowCardinality(Nullable(String)),
    stream Nullable(Bool),
    -- Request body `user` as given (LiteLLM: the end user / tenant id).
    user Nullable(String),
    -- Request body `metadata`, identity keys only (dotted path for nested objects).
    metadata Map(LowCardinality(String), String),
    -- sha256 hex of the bearer token / x-api-key; '' when none. Never the token.
    api_key_hash String,
    -- From the `traceparent` header.
    traceparent_raw String,
    trace_id String,
    trace_id_problem LowCardinality(String),
    span_id String,
    -- Identity request headers, lowercase name -> value (repeated headers joined with ', ').
    headers Map(LowCardinality(String), String),
    -- HTTP status; null when the capture has none (HAR status 0: no response).
    response_status Nullable(UInt16),
    -- Response header x-request-id / request-id.
    request_id Nullable(String),
    response_id Nullable(String),
    response_model LowCardinality(Nullable(String)),
    -- Exclusive buckets (uncached + cache_read + cache_write = input), as in llm_calls.
    input_tokens Nullable(Int64),
    uncached_input_tokens Nullable(Int64),
    cache_read_tokens Nullable(Int64),
    cache_write_tokens Nullable(Int64),
    output_tokens Nullable(Int64),
    reasoning_tokens Nullable(Int64),
    total_tokens Nullable(Int64),
    -- True when the body is whole: JSON parsed, or the stream's [DONE] / message_stop seen.
    stream_complete Bool,
    -- '' | 'empty' | 'not_json' | 'bad_base64' | 'bad_gzip' | 'not_captured'
    body_problem LowCardinality(String),
    -- Provider error type from an error body (`error.type` / `error.code`).
    error_type Nullable(String),
    -- Response header x-litellm-response-cost.
    reported_cost Nullable(Float64)
) ENGINE = MergeTree()
ORDER BY (source_file, entry)
