import type { Feature } from "./call.js";
import { emitCall, identityOf, omit, withoutTeam } from "./call.js";
import { KEYS, SERVICES, TENANTS } from "./catalog.js";
import type { GenContext } from "./context.js";
import { DAY_US, DEMO_START_US, HOUR_US } from "./context.js";
import { identityAttrs } from "./identity-keys.js";
import type { DemoSpan } from "./model.js";
import { KIND } from "./model.js";
import { openaiCached, usage } from "./tokens.js";

const REWRITE: Feature = { name: "query-rewrite", workflow: "search-answer" };
const SYNTHESIS: Feature = { name: "answer-synthesis", workflow: "search-answer" };
const RESEARCH: Feature = { name: "web-research", workflow: "deep-research" };

/** The gpt-4o outage window during which LiteLLM falls back to gpt-4o-mini. */
const OUTAGE_START_US = DEMO_START_US + 9 * DAY_US + 14 * HOUR_US;

/**
 * search-api (OTel GenAI current names, `app.*` identity, tenant in spend_logs_metadata sent as a
 * header): gateway cache hits on query rewrites, one model substitution incident, and 429 retries
 * that are re-sent without the identity headers (retry_header_strip).
 */
export function searchApi(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.searchApi;
  const slots = ctx.slots(34, { weekendFactor: 0.5 });
  const synth = slots.map(() => rng.chance(0.8));
  const cacheHits = new Set(rng.sample(slots.length, ctx.count(60)));
  const outage = slots.map((t, i) => (synth[i] && t >= OUTAGE_START_US ? i : -1)).filter((i) => i >= 0);
  const substituted = new Set(outage.slice(0, ctx.count(9)));
  const retryable = slots.map((_, i) => i).filter((i) => synth[i] && !substituted.has(i));
  const stripped = new Set(rng.sample(retryable.length, ctx.count(18)).map((j) => retryable[j]));

  slots.forEach((t0, i) => {
    const tenant = rng.weighted(TENANTS);
    const root = ctx.span({
      service: s,
      name: "POST /api/answer",
      kind: KIND.server,
      parent: null,
      traceId: ctx.traceId(),
      startUs: t0,
      endUs: t0,
      attributes: {
        "http.request.method": "POST",
        "http.route": "/api/answer",
        "http.response.status_code": 200,
      },
      scope: { name: "opentelemetry.instrumentation.fastapi", version: "0.52b0" },
    });
    const common = { service: s, convention: "otel-current", style: "app", tenant, parent: root } as const;
    const rewriteId = identityOf(s, REWRITE, tenant);
    const hit = cacheHits.has(i);
    let t = t0 + 4_000;
    const rewrite = emitCall(ctx, {
      ...common,
      feature: REWRITE,
      startUs: t,
      durationUs: hit ? rng.int(12, 40) * 1_000 : rng.int(350, 900) * 1_000,
      requestModel: "gpt-4o-mini",
      usage: usage(rng.around(380, 0.3), rng.around(45, 0.4)),
      status: hit ? "cache_hit" : "ok",
      spanIdentity: rewriteId,
      row: { key: KEYS.searchApi, endUser: null, metadata: withoutTeam(rewriteId) },
      ...(hit ? { cachedResponseId: ctx.responseId("openai") } : {}),
    });
    t = rewrite.call.endUs + rng.int(20, 80) * 1_000;
    if (synth[i]) t = synthesis(ctx, root, t, tenant, substituted.has(i), stripped.has(i));
    root.endUs = t + 5_000;
  });
}

function synthesis(
  ctx: GenContext,
  root: DemoSpan,
  t0: number,
  tenant: string,
  substituted: boolean,
  stripped: boolean,
): number {
  const { rng } = ctx;
  const s = SERVICES.searchApi;
  const identity = identityOf(s, SYNTHESIS, tenant);
  const row = { key: KEYS.searchApi, endUser: null, metadata: withoutTeam(identity) };
  const common = { service: s, convention: "otel-current", style: "app", tenant, parent: root } as const;
  const base = { ...common, feature: SYNTHESIS, requestModel: "gpt-4o", spanIdentity: identity } as const;
  let t = t0;
  const chain = stripped ? ctx.newChain() : null;
  if (chain !== null) {
    const failed = emitCall(ctx, {
      ...base,
      startUs: t,
      durationUs: rng.int(120, 400) * 1_000,
      usage: null,
      status: "rate_limited",
      row,
      chain: { id: chain, attempt: 1 },
    });
    t = failed.call.endUs + rng.int(1_000, 3_000) * 1_000;
  }
  const input = rng.around(3400, 0.4);
  const { call } = emitCall(ctx, {
    ...base,
    ...(substituted ? { servedModel: "gpt-4o-mini" as const } : {}),
    startUs: t,
    durationUs: rng.int(2_000, 6_000) * 1_000,
    usage: usage(input, rng.around(480, 0.4), openaiCached(ctx, input, 0.35, 0.5)),
    status: "ok",
    // The retry wrapper rebuilds the request without the x-litellm-spend-logs-metadata header.
    row: chain === null ? row : { ...row, metadata: null },
    ...(chain === null
      ? {}
      : {
          chain: { id: chain, attempt: 2 },
          lost: { tenant: "retry_header_strip", workload: "retry_header_strip" },
        }),
  });
  return call.endUs;
}

/**
 * research-agent (OpenInference, identity in the `metadata` JSON attribute, tenant as the
 * request `user`): a planner call, then fan-out workers. In some runs the workers run in a
 * thread pool that does not copy the tenant context (async_context_loss).
 */
export function researchAgent(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.researchAgent;
  const slots = ctx.slots(5, { weekendFactor: 0.4 });
  const lossy = new Set(rng.sample(slots.length, ctx.count(12)));
  slots.forEach((t0, i) => {
    const tenant = rng.weighted(TENANTS);
    const identity = identityOf(s, RESEARCH, tenant);
    const root = ctx.span({
      service: s,
      name: "POST /v1/research",
      kind: KIND.server,
      parent: null,
      traceId: ctx.traceId(),
      startUs: t0,
      endUs: t0,
      attributes: {
        "http.request.method": "POST",
        "http.route": "/v1/research",
        "http.response.status_code": 200,
      },
      scope: { name: "opentelemetry.instrumentation.fastapi", version: "0.52b0" },
    });
    const agent = ctx.span({
      service: s,
      name: "research_agent",
      kind: KIND.internal,
      parent: root,
      startUs: t0 + 2_000,
      endUs: t0,
      attributes: { "openinference.span.kind": "AGENT", ...identityAttrs("openinference", identity) },
    });
    const common = { service: s, convention: "openinference", style: "openinference", tenant } as const;
    const row = { key: KEYS.researchAgent, endUser: tenant, metadata: omit(identity, "team", "tenant") };
    const plan = emitCall(ctx, {
      ...common,
      feature: RESEARCH,
      parent: agent,
      startUs: t0 + 5_000,
      durationUs: rng.int(1_500, 4_000) * 1_000,
      requestModel: "gpt-4o",
      usage: usage(rng.around(1800, 0.3), rng.around(300, 0.4)),
      status: "ok",
      spanIdentity: identity,
      row,
    });
    const lost = lossy.has(i);
    const workerIdentity = lost ? omit(identity, "tenant") : identity;
    let end = plan.call.endUs;
    const workers = rng.int(3, 5);
    for (let w = 0; w < workers; w++) {
      const start = plan.call.endUs + rng.int(2, 30) * 1_000;
      const worker = ctx.span({
        service: s,
        name: "research_worker",
        kind: KIND.internal,
        parent: agent,
        startUs: start,
        endUs: start,
        attributes: { "openinference.span.kind": "CHAIN", ...identityAttrs("openinference", workerIdentity) },
      });
      const input = rng.around(5000, 0.4);
      const { call } = emitCall(ctx, {
        ...common,
        feature: RESEARCH,
        parent: worker,
        startUs: start + 1_000,
        durationUs: rng.int(2_000, 7_000) * 1_000,
        requestModel: "gpt-4o-mini",
        usage: usage(input, rng.around(600, 0.4), openaiCached(ctx, input, 0.2, 0.4)),
        status: "ok",
        spanIdentity: workerIdentity,
        row: lost ? { ...row, endUser: null } : row,
        ...(lost ? { lost: { tenant: "async_context_loss" as const } } : {}),
      });
      worker.endUs = call.endUs + 1_000;
      end = Math.max(end, worker.endUs);
    }
    agent.endUs = end + 1_000;
    root.endUs = end + 3_000;
  });
}
