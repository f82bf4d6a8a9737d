/**
 * Provider usage and cost reports (OpenAI organization Usage/Costs API, Anthropic Admin API
 * usage and cost reports): the provider's own totals per time bucket, a row of the
 * `provider_usage` table. Reconciliation compares them with the gateway ledger per day and model.
 */

/** Providers whose organisation reports spendtrail reads (`llm_calls.provider` spelling). */
export const USAGE_PROVIDERS = ["openai", "anthropic"] as const;
export type UsageProvider = (typeof USAGE_PROVIDERS)[number];

/** Reader ids of the provider report formats (issues of these files belong to reconciliation). */
export const USAGE_FORMATS = [
  "openai-usage-completions",
  "openai-costs",
  "anthropic-usage-report",
  "anthropic-cost-report",
] as const;
export type UsageFormat = (typeof USAGE_FORMATS)[number];

/** `usage`: token counts per bucket; `cost`: billed amounts per bucket. */
export const USAGE_REPORTS = ["usage", "cost"] as const;
export type UsageReport = (typeof USAGE_REPORTS)[number];

/**
 * One result of one bucket. Token counts are **exclusive** buckets as in `llm_calls`
 * (OpenAI's inclusive `input_tokens` has the cached and cache-write tokens taken out).
 * Grouping fields are null when the export was not grouped by them; measures are null when
 * the report does not state them, never 0.
 */
export interface ProviderUsageRow {
  provider: UsageProvider;
  report: UsageReport;
  /** Reader id. */
  source_format: string;
  source_file: string;
  /** 1-based page (line for NDJSON pages, page number in a JSON array or document) of the bucket. */
  source_line: number;
  /** Bucket bounds, `YYYY-MM-DD HH:MM:SS` UTC; `day` is the start's UTC date. */
  bucket_start: string;
  bucket_end: string;
  day: string;
  /** A bucket without results: it states the export's window, and no usage. */
  bucket_only: boolean;
  /** Organisation the page states, if any (exports do not always say). */
  organization_id: string | null;
  /** OpenAI project. */
  project_id: string | null;
  /** Anthropic workspace. */
  workspace_id: string | null;
  api_key_id: string | null;
  model: string | null;
  service_tier: string | null;
  batch: boolean | null;
  uncached_input_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  output_tokens: number | null;
  /** OpenAI `num_model_requests`; Anthropic's usage report states none. */
  requests: number | null;
  /** USD as exact decimal text (Anthropic's cents already divided by 100). */
  cost_usd: string | null;
  /** Anthropic `cost_type` (`tokens`, `web_search`, `code_execution`); null for OpenAI. */
  cost_type: string | null;
  /** OpenAI `line_item`, Anthropic `token_type` (or `description`). */
  line_item: string | null;
}
