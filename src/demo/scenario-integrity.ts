import type { Feature } from "./call.js";
import { emitCall, identityOf, withoutTeam } from "./call.js";
import type { ServiceDef } from "./catalog.js";
import { KEYS, SERVICES, TENANTS } from "./catalog.js";
import type { GenContext } from "./context.js";
import { DAY_US, DEMO_DAYS, DEMO_START_US, HOUR_US } from "./context.js";
import { identityAttrs } from "./identity-keys.js";
import type { DemoSpan } from "./model.js";
import { KIND } from "./model.js";

/**
 * Trace integrity and privacy plants (one trace per request, DESIGN.md section 6). Runs after
 * every other scenario, so the rest of the workload draws the same random numbers as before.
 * - support-bot escalations are queued to escalation-worker, which starts a new trace: most
 *   without a span link (queue_split), some with one; a few of its traces lost the parent of an
 *   exported span (orphan_span, local); its consumer spans carry an email and a raw user id.
 * - sla-monitor's job runner retries a rate-limited job as a new job: a new trace (retry_new_trace);
 *   some jobs call crm-api with a propagated context whose client span was never exported
 *   (orphan_span, remote).
 */
export const INTEGRITY_PLANTS = {
  unlinkedEscalations: 6,
  linkedEscalations: 3,
  droppedParents: 3,
  emails: 5,
  rawUserIds: 4,
  slaJobs: 12,
  retriedJobs: 3,
  crmCalls: 4,
} as const;

const svc = (name: string, language: ServiceDef["language"], scope: string, version: string): ServiceDef => ({
  name,
  team: "support",
  project: "helpdesk",
  version,
  language,
  scope: { name: scope, version: language === "python" ? "2.1b0" : "0.21.0" },
});

/** Services only these plants use. */
export const INTEGRITY_SERVICES = {
  escalationWorker: svc("escalation-worker", "python", "opentelemetry.instrumentation.openai_v2", "1.4.2"),
  slaMonitor: svc("sla-monitor", "nodejs", "@opentelemetry/instrumentation-openai", "0.6.0"),
  crmApi: svc("crm-api", "go", "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "7.2.0"),
} as const;

const ESCALATION: Feature = { name: "escalation-summary", workflow: "ticket-escalation" };
const SLA: Feature = { name: "sla-risk-check", workflow: "sla-monitoring" };
const MS = 1_000;

/** `n` start times on distinct weekdays' business hours, in order. */
function businessTimes(ctx: GenContext, n: number): number[] {
  const days = ctx.rng.sample(DEMO_DAYS, Math.min(n, DEMO_DAYS));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = days[i % days.length] ?? 0;
    out.push(DEMO_START_US + day * DAY_US + (9 + (i % 8)) * HOUR_US + ctx.rng.int(0, 3_000) * 1_000_000);
  }
  return out.sort((a, b) => a - b);
}

function drop(ctx: GenContext, span: DemoSpan): void {
  ctx.spans.splice(ctx.spans.indexOf(span), 1);
}

/** support-bot publishes an escalation; escalation-worker consumes it in a trace of its own. */
function escalation(ctx: GenContext, t0: number, i: number): void {
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

/** One sla-monitor job: a new trace whose LLM call may be rate limited; some call crm-api first. */
function slaJob(
  ctx: GenContext,
  t0: number,
  tenant: string,
  opts: { fail: boolean; retry: boolean; crm: boolean },
): number {
  const { rng } = ctx;
  const s = INTEGRITY_SERVICES.slaMonitor;
  const identity = identityOf(s, SLA, tenant);
  const root = ctx.span({
    service: s,
    name: "sla_check.run",
    kind: KIND.internal,
    parent: null,
    traceId: ctx.traceId(),
    startUs: t0,
    endUs: t0,
    attributes: {
      "job.name": "sla_check",
      ...(opts.retry ? { "job.attempt": 2 } : {}),
      ...identityAttrs("app", identity),
    },
    scope: { name: "sla-monitor", version: s.version },
  });
  let t = t0 + 5 * MS;
  if (opts.crm) {
    // The fetch client span is suppressed, but its context still goes out in traceparent.
    ctx.span({
      service: INTEGRITY_SERVICES.crmApi,
      name: "GET /api/tickets",
      kind: KIND.server,
      parent: { ...root, spanId: rng.hex(8) },
      startUs: t + 2 * MS,
      endUs: t + 60 * MS,
      attributes: {
        "http.request.method": "GET",
        "http.route": "/api/tickets",
        "http.response.status_code": 200,
      },
    });
    t += 70 * MS;
  }
  const { call } = emitCall(ctx, {
    service: s,
    convention: "otel-current",
    style: "app",
    feature: SLA,
    tenant,
    parent: root,
    startUs: t,
    durationUs: (opts.fail ? rng.int(120, 400) : rng.int(900, 2_500)) * MS,
    requestModel: "gpt-4o-mini",
    usage: opts.fail
      ? null
      : { input: rng.around(900, 0.3), cacheRead: 0, cacheWrite: 0, output: rng.around(60, 0.4) },
    status: opts.fail ? "rate_limited" : "ok",
    spanIdentity: identity,
    row: { key: KEYS.supportBot, endUser: null, metadata: withoutTeam(identity) },
  });
  root.endUs = call.endUs + 3 * MS;
  return root.endUs;
}

/** The integrity plants (see INTEGRITY_PLANTS), scaled. */
export function integrityPlants(ctx: GenContext): void {
  const p = INTEGRITY_PLANTS;
  const escalations = businessTimes(ctx, ctx.count(p.unlinkedEscalations) + ctx.count(p.linkedEscalations));
  for (const [i, t0] of escalations.entries()) escalation(ctx, t0, scaledIndex(ctx, i, escalations.length));
  const jobs = businessTimes(ctx, ctx.count(p.slaJobs));
  const retried = new Set(ctx.rng.sample(jobs.length, ctx.count(p.retriedJobs)));
  let crm = 0;
  jobs.forEach((t0, i) => {
    const tenant = ctx.rng.weighted(TENANTS);
    if (retried.has(i)) {
      const end = slaJob(ctx, t0, tenant, { fail: true, retry: false, crm: false });
      slaJob(ctx, end + ctx.rng.int(2_000, 8_000) * MS, tenant, { fail: false, retry: true, crm: false });
      return;
    }
    const withCrm = crm < ctx.count(p.crmCalls);
    if (withCrm) crm += 1;
    slaJob(ctx, t0, tenant, { fail: false, retry: false, crm: withCrm });
  });
}

/**
 * Which plant an escalation gets: the plant thresholds are at scale 1, so at other scales the
 * index is mapped back onto the first 9 (each plant keeps its share).
 */
function scaledIndex(ctx: GenContext, i: number, total: number): number {
  const base = INTEGRITY_PLANTS.unlinkedEscalations + INTEGRITY_PLANTS.linkedEscalations;
  return ctx.scale === 1 ? i : Math.floor((i * base) / total);
}
