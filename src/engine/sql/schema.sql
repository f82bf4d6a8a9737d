-- spendtrail schema. `otel_traces` is exactly the OpenTelemetry Collector ClickHouse
-- exporter's table, so an existing collector table can be read as it is.
-- Statements are separated by lines holding only `-- ;`.

CREATE TABLE IF NOT EXISTS otel_traces (
    Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    ParentSpanId String CODEC(ZSTD(1)),
    TraceState String CODEC(ZSTD(1)),
    SpanName LowCardinality(String) CODEC(ZSTD(1)),
    SpanKind LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    ScopeName String CODEC(ZSTD(1)),
    ScopeVersion String CODEC(ZSTD(1)),
    SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    Duration UInt64 CODEC(T64, ZSTD(1)),
    StatusCode LowCardinality(String) CODEC(ZSTD(1)),
    StatusMessage String CODEC(ZSTD(1)),
    Events Nested (
        Timestamp DateTime64(9),
        Name LowCardinality(String),
        Attributes Map(LowCardinality(String), String)
    ) CODEC(ZSTD(1)),
    Links Nested (
        TraceId String,
        SpanId String,
        TraceState String,
        Attributes Map(LowCardinality(String), String)
    ) CODEC(ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_duration Duration TYPE minmax GRANULARITY 1
) ENGINE = MergeTree()
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, toDateTime(Timestamp), Timestamp)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1
-- ;
CREATE TABLE IF NOT EXISTS gateway_rows (
    source_format LowCardinality(String),
    source_file LowCardinality(String),
    source_line UInt64,
    request_id String,
    call_type LowCardinality(String),
    api_key_hash String,
    spend Nullable(Float64),
    prompt_tokens Nullable(Int64),
    completion_tokens Nullable(Int64),
    total_tokens Nullable(Int64),
    cache_read_tokens Nullable(Int64),
    cache_write_tokens Nullable(Int64),
    start_time DateTime64(6, 'UTC'),
    end_time DateTime64(6, 'UTC'),
    model LowCardinality(String),
    model_group LowCardinality(String),
    provider LowCardinality(String),
    api_base String,
    status LowCardinality(String),
    cache_hit Nullable(Bool),
    stream Nullable(Bool),
    trace_id String,
    session_id String,
    attributes Map(LowCardinality(String), String)
) ENGINE = MergeTree()
ORDER BY (toDate(start_time), request_id)
-- ;
CREATE TABLE IF NOT EXISTS gateway_keys (
    source_file LowCardinality(String),
    key_hash String,
    key_alias String,
    team_id String,
    user_id String,
    is_master Bool
) ENGINE = ReplacingMergeTree()
ORDER BY key_hash
-- ;
CREATE TABLE IF NOT EXISTS gateway_teams (
    source_file LowCardinality(String),
    team_id String,
    team_alias String
) ENGINE = ReplacingMergeTree()
ORDER BY team_id
-- ;
CREATE TABLE IF NOT EXISTS llm_calls (
    call_key String,
    source LowCardinality(String),
    source_format LowCardinality(String),
    source_file LowCardinality(String),
    -- 1-based record of a gateway row in its file (0 for spans): the gateway anti-join key.
    source_line UInt64 DEFAULT 0,
    trace_id String,
    span_id String,
    parent_span_id String,
    service_name LowCardinality(String),
    span_name LowCardinality(String),
    operation LowCardinality(Nullable(String)),
    provider LowCardinality(Nullable(String)),
    request_model LowCardinality(Nullable(String)),
    response_model LowCardinality(Nullable(String)),
    response_id Nullable(String),
    request_id Nullable(String),
    input_tokens Nullable(Int64),
    uncached_input_tokens Nullable(Int64),
    cache_read_tokens Nullable(Int64),
    cache_write_tokens Nullable(Int64),
    output_tokens Nullable(Int64),
    reasoning_tokens Nullable(Int64),
    -- Total as the source stated it (never computed), for conformance with the source.
    total_tokens Nullable(Int64),
    stream Nullable(Bool),
    status LowCardinality(String),
    error_type Nullable(String),
    start_time DateTime64(9, 'UTC'),
    end_time DateTime64(9, 'UTC'),
    key_hash Nullable(String),
    tenant Nullable(String),
    team Nullable(String),
    workload Nullable(String),
    project Nullable(String),
    feature Nullable(String),
    identity_keys Map(LowCardinality(String), String),
    reported_cost Nullable(Float64)
) ENGINE = MergeTree()
ORDER BY (toDate(start_time), source, trace_id, call_key)
-- ;
CREATE TABLE IF NOT EXISTS ingest_issues (
    file String,
    line UInt64,
    format LowCardinality(String),
    code LowCardinality(String),
    message String
) ENGINE = MergeTree()
ORDER BY (file, line)
