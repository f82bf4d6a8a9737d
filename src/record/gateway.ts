/**
 * One gateway ledger row (LiteLLM `LiteLLM_SpendLogs`, Helicone, Portkey or a mapped
 * generic log), normalised: the row of the `gateway_rows` table. Token counts follow
 * the gateway's own (OpenAI-style, inclusive) convention; `null` = not stated.
 */
export interface GatewayRow {
  source_format: string;
  source_file: string;
  /** 1-based line or record number inside the source file. */
  source_line: number;
  request_id: string;
  call_type: string;
  /** sha256 hex of the virtual key (never the key itself). */
  api_key_hash: string;
  spend: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  /** `YYYY-MM-DD HH:MM:SS.ffffff`, UTC. */
  start_time: string;
  end_time: string;
  /** Model sent to the provider (what was served, as far as the gateway knows). */
  model: string;
  /** Public model name the client asked for. */
  model_group: string;
  provider: string;
  api_base: string;
  status: string;
  cache_hit: boolean | null;
  stream: boolean | null;
  trace_id: string;
  session_id: string;
  /** Every identity-bearing value of the row, flattened: column names, metadata keys, JSON metadata as text. */
  attributes: Record<string, string>;
}

/** A gateway virtual key (LiteLLM `LiteLLM_VerificationToken`). */
export interface GatewayKeyRow {
  source_file: string;
  key_hash: string;
  key_alias: string;
  team_id: string;
  user_id: string;
  /** Master/admin key, or a key with no team (DESIGN.md section 2). */
  is_master: boolean;
}

/** A gateway team (LiteLLM `LiteLLM_TeamTable`). */
export interface GatewayTeamRow {
  source_file: string;
  team_id: string;
  team_alias: string;
}
