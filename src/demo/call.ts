import type { CallStatus } from "../record/call.js";
import type { IdentityLayer } from "../record/identity.js";
import type { ServiceDef } from "./catalog.js";
import type { GenContext } from "./context.js";
import type { Convention } from "./conventions.js";
import { CONVENTIONS } from "./conventions.js";
import type { AttemptFacts, HopPlan, RowPlan } from "./hops.js";
import { aiGatewaySpan, litellmSpan, spendRow } from "./hops.js";
import type { IdentityStyle } from "./identity-keys.js";
import { identityAttrs } from "./identity-keys.js";
import type { DemoCall, DemoEvent, DemoSpan, FailureModeId, Identity } from "./model.js";
import type { ModelId, Usage } from "./prices.js";
import { MODELS } from "./prices.js";

export interface Feature {
  name: string;
  workflow: string;
}

/** One planted attempt: who made it, what it asked for, and what each hop passed on. */
export interface CallSpec {
  service: ServiceDef;
  convention: Convention;
  style: IdentityStyle;
  feature: Feature;
  tenant: string | null;
  parent: DemoSpan;
  startUs: number;
  durationUs: number;
  requestModel: ModelId;
  /** Model actually served (a fallback); defaults to the requested one. */
  servedModel?: ModelId;
  usage: Usage | null;
  status: CallStatus;
  stream?: boolean;
  /** Identity on the call-site span. */
  spanIdentity: Identity;
  /** The LiteLLM row this attempt produced; null when it went straight to the provider. */
  row: RowPlan | null;
  via?: HopPlan;
  chain?: { id: number; attempt: number };
  /** Layers the row lost, with their planted mode; `recoverable` applies to all of them. */
  lost?: Partial<Record<IdentityLayer, FailureModeId>>;
  recoverable?: boolean;
  /** Gateway cache hit: the id of the cached response the client receives again. */
  cachedResponseId?: string;
}

const OUTCOMES: Partial<Record<CallStatus, { errorType: string; message: string }>> = {
  rate_limited: { errorType: "RateLimitError", message: "Error code: 429 - rate limit exceeded" },
  provider_error: { errorType: "overloaded_error", message: "Error code: 529 - Overloaded" },
  client_cancelled: { errorType: "AbortError", message: "The operation was aborted." },
};

/** Emits the call-site span, its hop spans and its row; records the ground truth. */
export function emitCall(ctx: GenContext, spec: CallSpec): { call: DemoCall; span: DemoSpan } {
  const served = spec.servedModel ?? spec.requestModel;
  const provider = MODELS[served].provider;
  const stream = spec.stream ?? false;
  const responseId =
    spec.status === "rate_limited" ? null : (spec.cachedResponseId ?? ctx.responseId(provider));
  const endUs = spec.startUs + spec.durationUs;
  const outcome = OUTCOMES[spec.status] ?? null;
  const spanUsage = spec.status === "client_cancelled" ? null : spec.usage;
  const shape = CONVENTIONS[spec.convention]({
    requestModel: spec.requestModel,
    responseModel: responseId === null ? null : MODELS[served].snapshot,
    provider,
    responseId,
    usage: spanUsage,
    stream,
    serverAddress: serverAddress(spec, provider),
    functionId: spec.feature.name,
    errorType: outcome?.errorType ?? null,
  });
  const span = ctx.span({
    service: spec.service,
    name: shape.name,
    kind: shape.kind,
    parent: spec.parent,
    startUs: spec.startUs,
    endUs,
    attributes: { ...shape.attributes, ...identityAttrs(spec.style, spec.spanIdentity) },
    status: outcome === null ? { code: 0 } : { code: 2, message: outcome.message },
    events: outcome === null ? [] : [exceptionEvent(endUs, outcome)],
  });
  const facts: AttemptFacts = {
    traceId: span.traceId,
    requestModel: spec.requestModel,
    servedModel: served,
    provider,
    responseId,
    usage: spec.usage,
    status: spec.status,
    stream,
    startUs: spec.startUs,
    endUs,
    cachedResponseId: spec.cachedResponseId ?? null,
  };
  let row = null;
  if (spec.row !== null) {
    const hop = spec.via === undefined ? span : aiGatewaySpan(ctx, span, spec.via, facts);
    litellmSpan(ctx, hop, spec.row, facts);
    row = spendRow(
      ctx,
      spec.row,
      facts,
      requesterIp(spec.via === undefined ? spec.service.name : "ai-gateway"),
    );
  }
  const call = record(ctx, spec, facts, row, span.spanId);
  return { call, span };
}

/** A row from a caller with no tracing at all (the uninstrumented batch job). */
export function emitRowOnly(
  ctx: GenContext,
  spec: Omit<CallSpec, "convention" | "style" | "parent" | "spanIdentity" | "via"> & { row: RowPlan },
): DemoCall {
  const served = spec.servedModel ?? spec.requestModel;
  const facts: AttemptFacts = {
    traceId: null,
    requestModel: spec.requestModel,
    servedModel: served,
    provider: MODELS[served].provider,
    responseId: ctx.responseId(MODELS[served].provider),
    usage: spec.usage,
    status: spec.status,
    stream: spec.stream ?? false,
    startUs: spec.startUs,
    endUs: spec.startUs + spec.durationUs,
    cachedResponseId: null,
  };
  const row = spendRow(ctx, spec.row, facts, requesterIp(spec.service.name));
  return record(ctx, spec, facts, row, null);
}

function record(
  ctx: GenContext,
  spec: Omit<CallSpec, "convention" | "style" | "parent" | "spanIdentity">,
  f: AttemptFacts,
  row: DemoCall["row"],
  spanId: string | null,
): DemoCall {
  const lost = spec.lost ?? {};
  const recoverable: DemoCall["recoverable"] = {};
  for (const layer of Object.keys(lost) as IdentityLayer[]) recoverable[layer] = spec.recoverable ?? true;
  const call: DemoCall = {
    seq: ctx.calls.length + 1,
    service: spec.service.name,
    team: spec.service.team,
    project: spec.service.project,
    feature: spec.feature.name,
    workflow: spec.feature.workflow,
    tenant: spec.tenant,
    traceId: f.traceId,
    callSpanId: spanId,
    requestModel: f.requestModel,
    servedModel: f.servedModel,
    responseModel: MODELS[f.servedModel].snapshot,
    provider: f.provider,
    usage: f.usage,
    status: f.status,
    stream: f.stream,
    startUs: f.startUs,
    endUs: f.endUs,
    responseId: f.responseId,
    row,
    chain: spec.chain ?? null,
    lost,
    recoverable,
    cacheHit: f.status === "cache_hit",
    substituted: f.servedModel !== f.requestModel,
  };
  ctx.calls.push(call);
  return call;
}

function serverAddress(spec: CallSpec, provider: string): string {
  if (spec.row === null) return provider === "openai" ? "api.openai.com" : "api.anthropic.com";
  return spec.via === undefined ? "litellm-proxy.internal" : "ai-gateway.internal";
}

function exceptionEvent(timeUs: number, outcome: { errorType: string; message: string }): DemoEvent {
  const attributes = { "exception.type": outcome.errorType, "exception.message": outcome.message };
  return { name: "exception", timeUs, attributes };
}

/** A stable private address per calling service. */
function requesterIp(service: string): string {
  let h = 0;
  for (const ch of service) h = (h * 31 + ch.charCodeAt(0)) % 64_516;
  return `10.42.${Math.floor(h / 254) + 1}.${(h % 254) + 1}`;
}

/** The full identity a well-behaved caller attaches to a call of `feature`. */
export function identityOf(service: ServiceDef, feature: Feature, tenant: string | null): Identity {
  const identity: Identity = { team: service.team, workflow: feature.workflow, project: service.project };
  identity.feature = feature.name;
  if (tenant !== null) identity.tenant = tenant;
  return identity;
}

/** `identity` without some layers (the row gets the team from the key, the tenant elsewhere). */
export function omit(identity: Identity, ...keys: (keyof Identity)[]): Identity {
  const out: Identity = { ...identity };
  for (const key of keys) delete out[key];
  return out;
}

/** The same identity without the team, which the row gets from the key instead. */
export function withoutTeam(identity: Identity): Identity {
  return omit(identity, "team");
}
