import type { RowMapper } from "../formats/gateway/drive.js";
import { keyRow } from "../formats/litellm-keys.js";
import { spendLogRow } from "../formats/litellm-spendlogs.js";
import { teamRow } from "../formats/litellm-teams.js";
import type { GatewayKeyRow, GatewayRow, GatewayTeamRow } from "../record/gateway.js";
import { quoteIdent } from "./pg-url.js";

/**
 * LiteLLM's Postgres tables as spendtrail reads them. Rows are mapped by the same functions
 * as the CSV/JSON exports of these tables (`spendLogRow`, `keyRow`, `teamRow`); the SELECT
 * lists only give them the same values a `psql \copy` export would (timestamps as text).
 */

/** A column LiteLLM added after its 2025-03 baseline migration, with the migration that adds it. */
export interface LaterColumn {
  name: string;
  /** LiteLLM migration folder (`litellm-proxy-extras/.../migrations/<id>`); null when unverified. */
  migration: string | null;
}

export interface TableSpec<R> {
  table: string;
  /** Columns every LiteLLM database has (baseline); a missing one is an error. */
  required: readonly string[];
  /** Columns read when present, NULL otherwise. */
  later: readonly LaterColumn[];
  /** Keyset order: the time column (if any) then a unique key. */
  order: readonly string[];
  /** Window column, for tables read for a time window. */
  window: string | null;
  /** SELECT item for a column, when it is not the plain column. */
  expressions: Readonly<Record<string, string>>;
  map: RowMapper<R>;
}

const col = quoteIdent;
const timeText = (name: string): string => `${col(name)}::text AS ${col(name)}`;

// The inbound request: only what the reader uses (stream flag, trace headers), never the prompt.
const REQUEST_HEADERS = ["traceparent", "trace_id", "otel_trace_id"]
  .map((h) => `'${h}', r->'headers'->'${h}'`)
  .join(", ");
const trimmedRequest = (source: string): string =>
  `(SELECT jsonb_build_object('body', jsonb_build_object('stream', r->'body'->'stream'), 'headers', jsonb_build_object(${REQUEST_HEADERS})) FROM (SELECT ${source} AS r) AS req WHERE jsonb_typeof(r) = 'object') AS "proxy_server_request"`;

// Keys the reader drops anyway (bodies); removing them here keeps prompts off the wire.
const METADATA = `CASE WHEN jsonb_typeof("metadata") = 'object' THEN "metadata" - ARRAY['proxy_server_request', 'messages', 'response'] ELSE "metadata" END AS "metadata"`;

/** `LiteLLM_SpendLogs` (reference/formats.md 5.1), read for a window on `"startTime"`. */
export const SPEND_LOGS: TableSpec<GatewayRow> = {
  table: "LiteLLM_SpendLogs",
  // biome-ignore format: one line per group of columns
  required: [
    "request_id", "call_type", "api_key", "spend", "total_tokens", "prompt_tokens", "completion_tokens",
    "startTime", "endTime", "model", "model_group", "custom_llm_provider", "api_base", "user", "metadata",
    "cache_hit", "request_tags", "team_id", "end_user",
  ],
  later: [
    { name: "session_id", migration: "20250425182129_add_session_id" },
    { name: "proxy_server_request", migration: "20250425182129_add_session_id" },
    { name: "status", migration: "20250508072103_add_status_to_spendlogs" },
    { name: "organization_id", migration: "20251122125322_add_organization_id_to_spend_logs" },
    { name: "agent_id", migration: "20251210205007_add_daily_agent_spend_table" },
    { name: "cache_read_input_tokens", migration: null },
  ],
  order: ["startTime", "request_id"],
  window: "startTime",
  expressions: {
    startTime: timeText("startTime"),
    endTime: timeText("endTime"),
    metadata: METADATA,
    proxy_server_request: trimmedRequest(
      `coalesce("proxy_server_request", "metadata"->'proxy_server_request')`,
    ),
  },
  map: spendLogRow,
};

/** `LiteLLM_VerificationToken`: hashed virtual keys and their teams. */
export const VERIFICATION_TOKENS: TableSpec<GatewayKeyRow> = {
  table: "LiteLLM_VerificationToken",
  required: ["token", "key_alias", "team_id", "user_id"],
  later: [],
  order: ["token"],
  window: null,
  expressions: {},
  map: keyRow,
};

/** `LiteLLM_TeamTable`: team ids and aliases. */
export const TEAMS: TableSpec<GatewayTeamRow> = {
  table: "LiteLLM_TeamTable",
  required: ["team_id", "team_alias"],
  later: [],
  order: ["team_id"],
  window: null,
  expressions: {},
  map: teamRow,
};

/**
 * The SELECT items for the columns the database has: required ones, present later ones, and
 * NULL for absent later ones (the proxy request falls back to its copy inside `metadata`).
 */
export function selectItems(spec: TableSpec<unknown>, present: ReadonlySet<string>): string {
  const items = spec.required.map((name) => spec.expressions[name] ?? col(name));
  for (const { name } of spec.later) {
    if (present.has(name)) items.push(spec.expressions[name] ?? col(name));
    else if (name === "proxy_server_request")
      items.push(trimmedRequest(`"metadata"->'proxy_server_request'`));
    else items.push(`NULL AS ${col(name)}`);
  }
  return items.join(", ");
}
