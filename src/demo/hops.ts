import type { CallStatus } from "../record/call.js";
import type { KeyDef } from "./catalog.js";
import { SERVICES } from "./catalog.js";
import type { GenContext } from "./context.js";
import { spendLogsMetadata } from "./identity-keys.js";
import type { Attrs, DemoRow, DemoSpan, Identity } from "./model.js";
import { KIND } from "./model.js";
import type { ModelId, Provider, Usage } from "./prices.js";
import { costPico, gatewayPrice, MODELS } from "./prices.js";

/** What reaches the LiteLLM proxy for one call (and so what its row and span record). */
export interface RowPlan {
  key: KeyDef;
  /** The end_user column (request `user` field or x-litellm-customer-id header). */
  endUser: string | null;
  /** Identity sent as spend_logs_metadata; null when the request carried none. */
  metadata: Identity | null;
}

/**
 * The internal ai-gateway hop: the identity headers that came in and the gateway release.
 * Whether x-tenant-id goes out again shows in the row plan's end_user.
 */
export interface HopPlan {
  tenantHeader: string | null;
  teamHeader: string;
  version: string;
}

/** Facts about the attempt shared by the hop spans and the row. */
export interface AttemptFacts {
  /** Null for a caller with no tracing at all. */
  traceId: string | null;
  requestModel: ModelId;
  servedModel: ModelId;
  provider: Provider;
  responseId: string | null;
  usage: Usage | null;
  status: CallStatus;
  stream: boolean;
  startUs: number;
  endUs: number;
  cachedResponseId: string | null;
}

const failed = (status: CallStatus): boolean => status === "rate_limited" || status === "provider_error";
const ERROR_CLASS: Partial<Record<CallStatus, string>> = {
  rate_limited: "RateLimitError",
  provider_error: "InternalServerError",
};

/** The internal gateway's server span; it records the inbound identity headers as string arrays. */
export function aiGatewaySpan(ctx: GenContext, parent: DemoSpan, hop: HopPlan, f: AttemptFacts): DemoSpan {
  const path = f.provider === "anthropic" ? "/v1/messages" : "/v1/chat/completions";
  const a: Attrs = { "http.request.method": "POST", "http.route": path, "url.path": path };
  a["server.address"] = "ai-gateway.internal";
  a["http.response.status_code"] = f.status === "rate_limited" ? 429 : 200;
  if (hop.tenantHeader !== null) a["http.request.header.x-tenant-id"] = [hop.tenantHeader];
  a["http.request.header.x-team-id"] = [hop.teamHeader];
  a["gen_ai.request.model"] = f.requestModel;
  if (f.responseId !== null) a["gen_ai.response.id"] = f.responseId;
  return ctx.span({
    service: SERVICES.aiGateway,
    version: hop.version,
    name: `POST ${path}`,
    kind: KIND.server,
    parent,
    startUs: f.startUs + 1_000,
    endUs: f.endUs - 1_000,
    attributes: a,
  });
}

/** LiteLLM's `litellm_request` span: what the proxy saw, so its identity equals the row's. */
export function litellmSpan(ctx: GenContext, parent: DemoSpan, plan: RowPlan, f: AttemptFacts): DemoSpan {
  const a: Attrs = { "llm.request.type": "acompletion", "gen_ai.system": f.provider };
  a["gen_ai.request.model"] = f.requestModel;
  a["llm.is_streaming"] = f.stream ? "True" : "False";
  if (f.responseId !== null) {
    a["gen_ai.response.id"] = f.responseId;
    a["gen_ai.response.model"] = MODELS[f.servedModel].snapshot;
  }
  if (f.usage !== null) {
    a["gen_ai.usage.prompt_tokens"] = f.usage.input;
    a["gen_ai.usage.completion_tokens"] = f.usage.output;
    a["llm.usage.total_tokens"] = f.usage.input + f.usage.output;
    if (f.usage.cacheRead > 0) a["gen_ai.usage.cache_read_input_tokens"] = f.usage.cacheRead;
    if (f.usage.cacheWrite > 0) a["gen_ai.usage.cache_creation_input_tokens"] = f.usage.cacheWrite;
  }
  a["metadata.user_api_key_alias"] = plan.key.alias;
  if (plan.key.team !== null) a["metadata.user_api_key_team_id"] = plan.key.team;
  if (plan.key.userId !== null) a["metadata.user_api_key_user_id"] = plan.key.userId;
  if (plan.endUser !== null) a["metadata.user_api_key_end_user_id"] = plan.endUser;
  if (plan.metadata !== null) {
    a["metadata.spend_logs_metadata"] = JSON.stringify(spendLogsMetadata(plan.metadata, f.traceId));
  }
  const error = failed(f.status);
  return ctx.span({
    service: SERVICES.litellmProxy,
    name: "litellm_request",
    kind: KIND.internal,
    parent,
    startUs: f.startUs + 3_000,
    endUs: f.endUs - 3_000,
    attributes: a,
    status: error ? { code: 2, message: `litellm.${ERROR_CLASS[f.status]}` } : { code: 0 },
  });
}

/** The LiteLLM_SpendLogs row for an attempt, sent from `requesterIp`. */
export function spendRow(ctx: GenContext, plan: RowPlan, f: AttemptFacts, requesterIp: string): DemoRow {
  const startUs = f.startUs + 3_000;
  const endUs = f.endUs - 3_000;
  const ttft = ctx.rng.int(250, 900) * 1_000;
  const billed = f.status !== "cache_hit" && f.usage !== null;
  return {
    requestId: rowRequestId(ctx, f),
    key: plan.key,
    modelGroup: f.requestModel,
    endUser: plan.endUser,
    spendLogsMetadata: plan.metadata === null ? null : spendLogsMetadata(plan.metadata, f.traceId),
    status: failed(f.status) ? "failure" : "success",
    errorClass: ERROR_CLASS[f.status] ?? null,
    sessionId: ctx.rng.uuid(),
    requesterIp,
    startUs,
    endUs,
    completionStartUs: f.stream && f.responseId !== null ? Math.min(startUs + ttft, endUs) : null,
    cacheKey: f.status === "cache_hit" ? ctx.rng.hex(32) : "",
    gatewaySpendPico: billed && f.usage !== null ? costPico(f.usage, gatewayPrice(f.servedModel)) : 0n,
  };
}

/** LiteLLM's request_id: the provider id, `<id>_cache_hit<epoch>` on a cache hit, else its own call id. */
function rowRequestId(ctx: GenContext, f: AttemptFacts): string {
  if (f.cachedResponseId !== null) {
    const seconds = Math.floor(f.startUs / 1e6);
    return `${f.cachedResponseId}_cache_hit${seconds}.${String(f.startUs % 1e6).padStart(6, "0")}`;
  }
  return f.responseId ?? ctx.rng.uuid();
}
