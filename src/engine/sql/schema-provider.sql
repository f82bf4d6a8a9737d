-- Provider usage and cost reports (OpenAI Usage/Costs API, Anthropic usage/cost reports):
-- one row per result of one time bucket. Token counts are exclusive buckets as in llm_calls
-- (OpenAI's inclusive input_tokens has cached and cache-write tokens taken out). Grouping
-- fields are NULL when the export was not grouped by them; measures NULL when not stated.
CREATE TABLE IF NOT EXISTS provider_usage (
    -- 'openai' | 'anthropic'
    provider LowCardinality(String),
    -- 'usage' | 'cost'
    report LowCardinality(String),
    source_format LowCardinality(String),
    source_file LowCardinality(String),
    -- 1-based page (NDJSON line, or page number) the bucket is on.
    source_line UInt64,
    bucket_start DateTime('UTC'),
    bucket_end DateTime('UTC'),
    day Date,
    -- A bucket without results: it states the export's window, not usage.
    bucket_only Bool,
    organization_id Nullable(String),
    project_id Nullable(String),
    workspace_id Nullable(String),
    api_key_id Nullable(String),
    model LowCardinality(Nullable(String)),
    service_tier LowCardinality(Nullable(String)),
    batch Nullable(Bool),
    uncached_input_tokens Nullable(Int64),
    cache_read_tokens Nullable(Int64),
    cache_write_tokens Nullable(Int64),
    output_tokens Nullable(Int64),
    requests Nullable(Int64),
    -- USD (Anthropic's cents divided by 100).
    cost_usd Nullable(Decimal(38, 12)),
    -- Anthropic cost_type: 'tokens' | 'web_search' | 'code_execution'.
    cost_type LowCardinality(Nullable(String)),
    -- OpenAI line_item, Anthropic token_type (or description).
    line_item Nullable(String)
) ENGINE = MergeTree()
ORDER BY (provider, report, day, source_file)
