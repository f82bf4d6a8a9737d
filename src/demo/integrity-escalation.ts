import { emitCall, identityOf, withoutTeam } from "./call.js";
import { KEYS, SERVICES, TENANTS } from "./catalog.js";
import type { GenContext } from "./context.js";
import { identityAttrs } from "./identity-keys.js";
import { ESCALATION, INTEGRITY_PLANTS, INTEGRITY_SERVICES, MS } from "./integrity-catalog.js";
import type { DemoSpan } from "./model.js";
import { KIND } from "./model.js";

function drop(ctx: GenContext, span: DemoSpan): void {
  ctx.spans.splice(ctx.spans.indexOf(span), 1);
}

/** support-bot publishes an escalation; escalation-worker consumes it in a trace of its own. */
export function escalation(ctx: GenContext, t0: number, i: number): void {
  const { rng } = ctx;
  const p = INTEGRITY_PLANTS;
  const tenant = rng.weighted(TENANTS);
  const messageId = rng.uuid();
  const root = ctx.span({
    service: SERVICES.supportBot,
    name: "POST /api/tickets/:id/escalate",
    kind: KIND.server,
    parent: null,
    traceId: ctx.traceId(),
    startUs: t0,
    endUs: t0 + rng.int(20, 60) * MS,
    attributes: {
      "http.request.method": "POST",
      "http.route": "/api/tickets/:id/escalate",
      "http.response.status_code": 202,
    },
    scope: { name: "@opentelemetry/instrumentation-http", version: "0.203.0" },
  });
  const messaging = { "messaging.system": "rabbitmq", "messaging.destination.name": "ticket-escalations" };
  const publish = ctx.span({
    service: SERVICES.supportBot,
    name: "ticket-escalations publish",
    kind: KIND.producer,
    parent: root,
    startUs: t0 + 8 * MS,
    endUs: t0 + 11 * MS,
    attributes: { ...messaging, "messaging.operation.type": "publish", "messaging.message.id": messageId },
    scope: { name: "@opentelemetry/instrumentation-amqplib", version: "0.50.0" },
  });
  const w = INTEGRITY_SERVICES.escalationWorker;
  const identity = identityOf(w, ESCALATION, tenant);
  const t1 = t0 + rng.int(300, 4_000) * MS;
  const consume = ctx.span({
    service: w,
    name: "ticket-escalations process",
    kind: KIND.consumer,
    parent: null,
    traceId: ctx.traceId(),
    startUs: t1,
    endUs: t1,
    attributes: {
      ...messaging,
      "messaging.operation.type": "process",
      "messaging.message.id": messageId,
      ...identityAttrs("app", identity),
      ...(i < p.emails
        ? { "app.customer_email": `${rng.pick(["jane.doe", "m.chen", "a.okafor"])}@${tenant}.example` }
        : {}),
      ...(i < p.rawUserIds ? { "user.id": `u_${rng.int(10_000, 99_999)}` } : {}),
    },
    scope: { name: "opentelemetry.instrumentation.pika", version: "0.52b0" },
  });
  if (i >= p.unlinkedEscalations) consume.links = [{ traceId: publish.traceId, spanId: publish.spanId }];
  const enrich = ctx.span({
    service: w,
    name: "enrich_ticket",
    kind: KIND.internal,
    parent: consume,
    startUs: t1 + 4 * MS,
    endUs: t1 + 160 * MS,
  });
  ctx.span({
    service: w,
    name: "GET",
    kind: KIND.client,
    parent: enrich,
    startUs: t1 + 20 * MS,
    endUs: t1 + 130 * MS,
    attributes: {
      "http.request.method": "GET",
      "server.address": "crm.internal",
      "http.response.status_code": 200,
    },
    scope: { name: "opentelemetry.instrumentation.requests", version: "0.52b0" },
  });
  // The worker exits before the batch exporter flushes the enrich span: its child is an orphan.
  if (i < p.droppedParents) drop(ctx, enrich);
  const { call } = emitCall(ctx, {
    service: w,
    convention: "otel-current",
    style: "app",
    feature: ESCALATION,
    tenant,
    parent: consume,
    startUs: t1 + 200 * MS,
    durationUs: rng.int(800, 2_000) * MS,
    requestModel: "claude-haiku-4-5",
    usage: { input: rng.around(1400, 0.3), cacheRead: 0, cacheWrite: 0, output: rng.around(180, 0.4) },
    status: "ok",
    spanIdentity: identity,
    row: { key: KEYS.supportBot, endUser: null, metadata: withoutTeam(identity) },
  });
  consume.endUs = call.endUs + 5 * MS;
}
