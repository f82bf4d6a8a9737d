import type { CallStatus } from "../record/call.js";
import type { Feature } from "./call.js";
import { emitCall, identityOf, withoutTeam } from "./call.js";
import { KEYS, SERVICES, TENANTS } from "./catalog.js";
import type { GenContext } from "./context.js";
import { dayOf } from "./context.js";
import { viaFilteringGateway } from "./gateway-filter.js";
import { identityAttrs } from "./identity-keys.js";
import type { Attrs, DemoSpan, Identity } from "./model.js";
import { KIND } from "./model.js";
import type { ModelId, Usage } from "./prices.js";
import { openaiCached } from "./tokens.js";

const CHAT: Feature = { name: "chat-reply", workflow: "support-chat" };
const SUMMARY: Feature = { name: "ticket-summary", workflow: "ticket-close" };
const TRIAGE: Feature = { name: "ticket-routing", workflow: "ticket-triage" };

/** From day 14 (week 3) ticket summaries include the whole transcript: the team's output tokens jump. */
export const PLANTED_JUMP = { team: "support", feature: SUMMARY.name, fromDay: 14 } as const;

const NEXT_SCOPE = { name: "next.js", version: "15.5.4" };

function httpRoot(ctx: GenContext, route: string, t0: number): DemoSpan {
  return ctx.span({
    service: SERVICES.supportBot,
    name: `POST ${route}`,
    kind: KIND.server,
    parent: null,
    traceId: ctx.traceId(),
    startUs: t0,
    endUs: t0,
    attributes: { "http.request.method": "POST", "http.route": route, "http.response.status_code": 200 },
    scope: NEXT_SCOPE,
  });
}

/** Vercel's outer `ai.streamText` / `ai.generateText` span: it only aggregates its steps. */
function vercelOuter(
  ctx: GenContext,
  parent: DemoSpan,
  stream: boolean,
  model: ModelId,
  feature: Feature,
  identity: Identity,
) {
  const op = stream ? "ai.streamText" : "ai.generateText";
  const attributes: Attrs = { "operation.name": `${op} ${feature.name}`, "ai.operationId": op };
  attributes["ai.model.provider"] = model.startsWith("gpt") ? "openai.chat" : "anthropic.messages";
  attributes["ai.model.id"] = model;
  attributes["ai.telemetry.functionId"] = feature.name;
  Object.assign(attributes, identityAttrs("vercel", identity));
  const start = parent.startUs + 3_000;
  return ctx.span({
    service: SERVICES.supportBot,
    name: op,
    kind: KIND.internal,
    parent,
    startUs: start,
    endUs: start,
    attributes,
  });
}

function closeOuter(outer: DemoSpan, endUs: number, usage: Usage | null, status: CallStatus): void {
  outer.endUs = endUs + 500;
  if (usage !== null && status !== "client_cancelled") {
    outer.attributes["ai.usage.inputTokens"] = usage.input;
    outer.attributes["ai.usage.outputTokens"] = usage.output;
    outer.attributes["ai.response.finishReason"] = "stop";
  } else {
    outer.status = { code: 2, message: "The operation was aborted." };
  }
}

/**
 * support-bot (Vercel AI SDK v6, `ai.telemetry.metadata.*`): streamed chat replies whose
 * spend_logs_metadata is only added when the stream completes, so cancelled streams lose it
 * (stream_close_late); ticket summaries retried by the SDK after 429s, whose output jumps in week 3.
 */
export function supportBot(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.supportBot;
  const chats = ctx.slots(30, { weekendFactor: 0.7 });
  const cancelled = new Set(rng.sample(chats.length, ctx.count(26)));
  chats.forEach((t0, i) => {
    const tenant = rng.weighted(TENANTS);
    const identity = identityOf(s, CHAT, tenant);
    const root = httpRoot(ctx, "/api/chat", t0);
    const outer = vercelOuter(ctx, root, true, "gpt-4o", CHAT, identity);
    const cancel = cancelled.has(i);
    const input = rng.around(2600, 0.5);
    const { call } = emitCall(ctx, {
      service: s,
      convention: "vercel",
      style: "vercel",
      feature: CHAT,
      tenant,
      parent: outer,
      startUs: outer.startUs + 2_000,
      durationUs: (cancel ? rng.int(900, 2_500) : rng.int(2_000, 8_000)) * 1_000,
      requestModel: "gpt-4o",
      usage: {
        input,
        cacheRead: openaiCached(ctx, input, 0.55, 0.7),
        cacheWrite: 0,
        output: cancel ? rng.around(60, 0.6) : rng.around(230, 0.5),
      },
      status: cancel ? "client_cancelled" : "ok",
      stream: true,
      spanIdentity: identity,
      row: { key: KEYS.supportBot, endUser: null, metadata: cancel ? null : withoutTeam(identity) },
      ...(cancel ? { lost: { tenant: "stream_close_late", workload: "stream_close_late" } as const } : {}),
    });
    closeOuter(outer, call.endUs, call.usage, call.status);
    root.endUs = outer.endUs + 1_000;
  });
  ticketSummaries(ctx);
}

function ticketSummaries(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.supportBot;
  const slots = ctx.slots(14, { weekendFactor: 0.5 });
  const retried = new Set(rng.sample(slots.length, ctx.count(10)));
  slots.forEach((t0, i) => {
    const tenant = rng.weighted(TENANTS);
    const identity = identityOf(s, SUMMARY, tenant);
    const root = httpRoot(ctx, "/api/tickets/close", t0);
    const outer = vercelOuter(ctx, root, false, "claude-sonnet-4-5", SUMMARY, identity);
    const failures = retried.has(i) ? (rng.chance(0.3) ? 2 : 1) : 0;
    const chain = failures > 0 ? ctx.newChain() : null;
    const verbose = dayOf(t0) >= PLANTED_JUMP.fromDay;
    const usage: Usage = {
      input: rng.around(4200, 0.4),
      cacheRead: 0,
      cacheWrite: 0,
      output: verbose ? rng.around(2600, 0.3) : rng.around(320, 0.35),
    };
    let t = outer.startUs + 2_000;
    for (let attempt = 1; attempt <= failures + 1; attempt++) {
      const ok = attempt > failures;
      const { call } = emitCall(ctx, {
        service: s,
        convention: "vercel",
        style: "vercel",
        feature: SUMMARY,
        tenant,
        parent: outer,
        startUs: t,
        durationUs: (ok ? rng.int(4_000, 12_000) : rng.int(100, 300)) * 1_000,
        requestModel: "claude-sonnet-4-5",
        usage: ok ? usage : null,
        status: ok ? "ok" : "rate_limited",
        spanIdentity: identity,
        row: { key: KEYS.supportBot, endUser: null, metadata: withoutTeam(identity) },
        ...(chain === null ? {} : { chain: { id: chain, attempt } }),
      });
      t = call.endUs + (ok ? 0 : rng.int(1_000, 4_000) * 1_000);
      if (ok) closeOuter(outer, call.endUs, usage, "ok");
    }
    root.endUs = outer.endUs + 1_000;
  });
}

/**
 * triage-worker (OpenLLMetry, `traceloop.association.properties.*`) calls Claude through the
 * internal ai-gateway, which forwards x-tenant-id as x-litellm-customer-id until its 2.3.0
 * release adds a header allow-list that drops it (gateway_header_filter).
 */
export function triageWorker(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.triageWorker;
  for (const t0 of ctx.slots(18, { weekendFactor: 0.8 })) {
    const tenant = rng.weighted(TENANTS);
    const identity = identityOf(s, TRIAGE, tenant);
    const props = identityAttrs("traceloop", identity);
    const root = ctx.span({
      service: s,
      name: "tickets process",
      kind: KIND.consumer,
      parent: null,
      traceId: ctx.traceId(),
      startUs: t0,
      endUs: t0,
      attributes: { "messaging.system": "rabbitmq", "messaging.operation.type": "process" },
      scope: { name: "opentelemetry.instrumentation.pika", version: "0.52b0" },
    });
    const workflow = ctx.span({
      service: s,
      name: "ticket_triage.workflow",
      kind: KIND.internal,
      parent: root,
      startUs: t0 + 1_000,
      endUs: t0,
      attributes: { "traceloop.span.kind": "workflow", "traceloop.workflow.name": TRIAGE.workflow, ...props },
      scope: { name: "traceloop.sdk", version: "0.40.2" },
    });
    const { call } = emitCall(ctx, {
      service: s,
      convention: "openllmetry",
      style: "traceloop",
      feature: TRIAGE,
      tenant,
      parent: workflow,
      startUs: t0 + 3_000,
      durationUs: rng.int(600, 2_000) * 1_000,
      requestModel: "claude-haiku-4-5",
      usage: { input: rng.around(950, 0.3), cacheRead: 0, cacheWrite: 0, output: rng.around(70, 0.4) },
      status: "ok",
      spanIdentity: identity,
      ...viaFilteringGateway({ service: s, tenant, identity, key: KEYS.gatewaySupport, t0 }),
    });
    workflow.endUs = call.endUs + 1_000;
    root.endUs = call.endUs + 2_000;
  }
}
