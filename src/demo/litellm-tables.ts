import { createHash } from "node:crypto";
import type { KeyDef } from "./catalog.js";
import { KEYS, keySecret, TEAMS } from "./catalog.js";
import type { DemoCall, DemoRow } from "./model.js";
import type { PgValue } from "./pg-text.js";
import { csvFile, csvLine, jsonb, pgFloat, pgTimestamp } from "./pg-text.js";

/** LiteLLM_SpendLogs columns in table order (reference/formats.md 5.1). */
// biome-ignore format: one line per group of columns reads better than 30 lines
export const SPEND_LOG_COLUMNS = [
  "request_id", "call_type", "api_key", "spend", "total_tokens", "prompt_tokens", "completion_tokens",
  "startTime", "endTime", "request_duration_ms", "completionStartTime", "model", "model_id", "model_group",
  "custom_llm_provider", "api_base", "user", "metadata", "cache_hit", "cache_key", "request_tags", "team_id",
  "organization_id", "end_user", "requester_ip_address", "messages", "response", "session_id", "status",
  "mcp_namespaced_tool_name", "agent_id", "proxy_server_request",
] as const;

/** sha256 hex of a virtual key: what LiteLLM stores as `api_key` and `token`. */
export function keyHash(key: KeyDef): string {
  return createHash("sha256").update(keySecret(key)).digest("hex");
}

const teamAlias = (team: string | null): string | null => TEAMS.find((t) => t.id === team)?.alias ?? null;
const API_BASE = { openai: "https://api.openai.com/v1", anthropic: "https://api.anthropic.com" } as const;

function usageObject(call: DemoCall): Record<string, unknown> | null {
  const u = call.usage;
  if (u === null) return null;
  const details: Record<string, number> = { cached_tokens: u.cacheRead };
  const out: Record<string, unknown> = {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: details,
    completion_tokens_details: null,
  };
  if (call.provider === "anthropic") {
    details.cache_creation_tokens = u.cacheWrite;
    out.cache_read_input_tokens = u.cacheRead;
    out.cache_creation_input_tokens = u.cacheWrite;
  }
  return out;
}

/** The `metadata` JSONB of a row (SpendLogsMetadata subset, formats.md 5.2). */
function metadataOf(call: DemoCall, row: DemoRow): Record<string, unknown> {
  const usage = usageObject(call);
  return {
    user_api_key: keyHash(row.key),
    user_api_key_alias: row.key.alias,
    user_api_key_team_id: row.key.team,
    user_api_key_team_alias: teamAlias(row.key.team),
    user_api_key_org_id: null,
    user_api_key_user_id: row.key.userId,
    spend_logs_metadata: row.spendLogsMetadata,
    requester_ip_address: row.requesterIp,
    status: row.status,
    applied_guardrails: [],
    attempted_fallbacks: call.substituted ? 1 : null,
    usage_object: usage,
    additional_usage_values: usage === null ? null : { prompt_tokens_details: usage.prompt_tokens_details },
    error_information:
      row.errorClass === null
        ? null
        : {
            error_class: row.errorClass,
            error_code: call.status === "rate_limited" ? "429" : "529",
            llm_provider: call.provider,
          },
  };
}

function spendLogValues(call: DemoCall, row: DemoRow): PgValue[] {
  const u = call.usage;
  const startMs = Math.round(row.startUs / 1000);
  // biome-ignore format: values follow SPEND_LOG_COLUMNS in groups
  return [
    row.requestId, "acompletion", keyHash(row.key), pgFloat(Number(row.gatewaySpendPico) / 1e12),
    u === null ? 0 : u.input + u.output, u?.input ?? 0, u?.output ?? 0,
    pgTimestamp(row.startUs), pgTimestamp(row.endUs), Math.round(row.endUs / 1000) - startMs,
    row.completionStartUs === null ? null : pgTimestamp(row.completionStartUs),
    call.servedModel, deploymentId(call.servedModel), row.modelGroup, call.provider, API_BASE[call.provider],
    row.key.userId ?? "", jsonb(metadataOf(call, row)), call.cacheHit ? "True" : "False", row.cacheKey, "[]",
    row.key.team, null, row.endUser, row.requesterIp, "{}", "{}", row.sessionId, row.status,
    null, null, "{}",
  ];
}

/** litellm_spendlogs.csv line by line: one row per gateway call, in the order the proxy wrote them (end time). */
export function* spendLogLines(calls: readonly DemoCall[]): Generator<string> {
  yield csvLine(SPEND_LOG_COLUMNS);
  const rows = calls.filter((c) => c.row !== null).sort((a, b) => (a.row?.endUs ?? 0) - (b.row?.endUs ?? 0));
  for (const call of rows) yield csvLine(spendLogValues(call, call.row as DemoRow));
}

function deploymentId(model: string): string {
  return createHash("sha256").update(`demo-deployment:${model}`).digest("hex");
}

function spendByKey(calls: readonly DemoCall[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const c of calls) {
    if (c.row !== null) out.set(c.row.key.alias, (out.get(c.row.key.alias) ?? 0n) + c.row.gatewaySpendPico);
  }
  return out;
}

// biome-ignore format: one line per group of columns reads better than 30 lines
const KEY_COLUMNS = [
  "token", "key_name", "key_alias", "spend", "expires", "models", "aliases", "config", "user_id", "team_id",
  "permissions", "max_parallel_requests", "metadata", "blocked", "tpm_limit", "rpm_limit", "max_budget",
  "budget_duration", "budget_reset_at", "allowed_cache_controls", "model_spend", "model_max_budget", "budget_id",
  "organization_id", "created_at", "created_by", "updated_at", "updated_by",
] as const;

/** litellm_verificationtoken.csv: every virtual key, the master key among them (no team). */
export function verificationTokenCsv(calls: readonly DemoCall[]): string {
  const spend = spendByKey(calls);
  // biome-ignore format: values follow KEY_COLUMNS in groups
  const rows = Object.values(KEYS).map((key): PgValue[] => [
    keyHash(key), `sk-...${keySecret(key).slice(-4)}`, key.alias, pgFloat(Number(spend.get(key.alias) ?? 0n) / 1e12),
    null, "{}", "{}", "{}", key.userId, key.team, "{}", null, jsonb({ environment: "production" }), "f",
    null, null, null, null, null, "{}", "{}", "{}", null, null, key.createdAt, "default_user_id", key.createdAt,
    "default_user_id",
  ]);
  return csvFile(KEY_COLUMNS, rows);
}

// biome-ignore format: one line per group of columns reads better than 30 lines
const TEAM_COLUMNS = [
  "team_id", "team_alias", "organization_id", "admins", "members", "members_with_roles", "metadata", "max_budget",
  "spend", "models", "max_parallel_requests", "tpm_limit", "rpm_limit", "budget_duration", "budget_reset_at",
  "blocked", "created_at", "updated_at", "model_spend", "model_max_budget", "model_id",
] as const;

/** litellm_teamtable.csv: the four teams and their owners. */
export function teamTableCsv(calls: readonly DemoCall[]): string {
  const spend = spendByKey(calls);
  const rows = TEAMS.map((team): PgValue[] => {
    const keys = Object.values(KEYS).filter((k) => k.team === team.id);
    const total = keys.reduce((sum, k) => sum + (spend.get(k.alias) ?? 0n), 0n);
    const members = [...new Set(keys.map((k) => k.userId))].sort();
    const owner = `${team.id}-lead@example.com`;
    // biome-ignore format: values follow TEAM_COLUMNS in groups
    return [
      team.id, team.alias, null, `{${owner}}`, `{${members.join(",")}}`,
      jsonb(members.map((m) => ({ role: "user", user_id: m }))), jsonb({ owner }), null,
      pgFloat(Number(total) / 1e12), "{}", null, null, null, null, null, "f",
      "2026-01-12 09:30:00", "2026-09-28 17:02:11.5", "{}", "{}", null,
    ];
  });
  return csvFile(TEAM_COLUMNS, rows);
}
