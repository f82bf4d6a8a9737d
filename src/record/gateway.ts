/**
 * One gateway ledger row (LiteLLM `LiteLLM_SpendLogs` or StandardLoggingPayload, Helicone,
 * Portkey or a mapped generic log), normalised: the row of the `gateway_rows` table.
 * String columns are `""` when the source does not state them; numbers and flags are `null`.
 * Token counts are OpenAI-style inclusive: `prompt_tokens` includes cache reads and writes.
 */
export interface GatewayRow {
  /** Reader id: `litellm-spendlogs`, `litellm-payload`, `helicone`, `portkey`, `generic-gateway`. */
  source_format: string;
  source_file: string;
  /** 1-based line the record starts on (CSV: the line it ends on; JSON: where the object starts). */
  source_line: number;
  /**
   * The gateway's id for the request. LiteLLM: `request_id` / payload `id` (usually the
   * provider response id; cache hits may carry a `_cache_hit<ts>` suffix). Helicone: its
   * `request_id` (CSV: `response_id`). Portkey: log `id`.
   */
  request_id: string;
  /** The gateway's operation: LiteLLM `call_type` (`acompletion`...), Helicone `request_path`, Portkey URL path. */
  call_type: string;
  /**
   * sha256 hex of the virtual key as the gateway logs it (never the key itself: a raw `sk-...`
   * is hashed on read). LiteLLM may log the literal `litellm_proxy_master_key` for the master key.
   */
  api_key_hash: string;
  /** Cost the gateway reported, in USD (Portkey cents divided by 100); null when not stated or another currency. */
  spend: number | null;
  /** Input tokens including cache reads and writes (Helicone's uncached count has them added back). */
  prompt_tokens: number | null;
  completion_tokens: number | null;
  /** As the source stated it (never computed). */
  total_tokens: number | null;
  /** Cached input tokens read (part of `prompt_tokens`). */
  cache_read_tokens: number | null;
  /** Input tokens written to the provider's prompt cache (part of `prompt_tokens`). */
  cache_write_tokens: number | null;
  /** `YYYY-MM-DD HH:MM:SS.ffffff`, UTC (naive source times are taken as UTC). */
  start_time: string;
  /** Same format; the start time (plus the stated duration, if any) when the source has no end. */
  end_time: string;
  /** Model sent to the provider (what was served, as far as the gateway knows). */
  model: string;
  /** Public model name the client asked for (LiteLLM `model_group`, Helicone `request_model`). */
  model_group: string;
  provider: string;
  /** Upstream URL without its query string. */
  api_base: string;
  /**
   * Raw outcome, mapped to a CallStatus by the normaliser: LiteLLM `success` / `failure`
   * (details in `metadata.error_information`); Helicone and Portkey the HTTP status code
   * (`200`, `429`...), Portkey `success` / `failure` when it has no code.
   */
  status: string;
  /** Served from the gateway's own response cache (LiteLLM `cache_hit`, Portkey `cache_status`). */
  cache_hit: boolean | null;
  stream: boolean | null;
  /** A W3C trace id (32 lower-case hex) the row carries (metadata or a `traceparent`), else `""`. */
  trace_id: string;
  /** LiteLLM `session_id` (payload `trace_id`), Helicone `Helicone-Session-Id`, Portkey `trace_id`. */
  session_id: string;
  /**
   * Identity-bearing values, flattened; only present values (no empty or MISSING_VALUES).
   * LiteLLM: `team_id`, `end_user`, `user`, `organization_id`, `session_id`, `agent_id`,
   * `request_tags` (JSON text), `metadata.<key>` (nested objects as JSON text, e.g.
   * `metadata.spend_logs_metadata`, `metadata.usage_object`; bodies, e-mails, IPs dropped).
   * Helicone: `properties.<lower-cased name>`, `helicone.user_id`. Portkey: `metadata.<key>`,
   * `trace_id`, `portkey.*`. Generic: the names given in the mapping's `attributes`.
   */
  attributes: Record<string, string>;
}

/** A gateway virtual key (LiteLLM `LiteLLM_VerificationToken`). */
export interface GatewayKeyRow {
  source_file: string;
  /** sha256 hex of the key, as in `GatewayRow.api_key_hash`. */
  key_hash: string;
  key_alias: string;
  /** `""` for a key without a team. */
  team_id: string;
  user_id: string;
  /**
   * Master/admin key, or a key with no team (DESIGN.md section 2): no team, user
   * `default_user_id` (LiteLLM's admin user), or the alias `litellm_proxy_master_key`.
   */
  is_master: boolean;
}

/** A gateway team (LiteLLM `LiteLLM_TeamTable`). */
export interface GatewayTeamRow {
  source_file: string;
  team_id: string;
  team_alias: string;
}
