import type { Feature } from "./call.js";
import { emitCall, identityOf, omit, withoutTeam } from "./call.js";
import type { ServiceDef } from "./catalog.js";
import { KEYS, SERVICES, TENANTS } from "./catalog.js";
import type { GenContext } from "./context.js";
import { DAY_US, DEMO_DAYS, DEMO_START_US, HOUR_US } from "./context.js";
import { viaFilteringGateway } from "./gateway-filter.js";
import type { IdentityStyle } from "./identity-keys.js";
import { identityAttrs } from "./identity-keys.js";
import type { DemoSpan, Identity, SpanKind } from "./model.js";
import { KIND } from "./model.js";
import { openaiCached } from "./tokens.js";

const COPY: Feature = { name: "email-copy", workflow: "campaign-copy" };
const INSIGHTS: Feature = { name: "insights", workflow: "weekly-insights" };
const DIGEST: Feature = { name: "digest", workflow: "daily-digest" };
const VARIANTS: Feature = { name: "variant-gen", workflow: "variant-eval" };

const SERVER_SCOPE = { name: "@opentelemetry/instrumentation-http", version: "0.203.0" };

interface RootInit {
  service: ServiceDef;
  name: string;
  kind: SpanKind;
  t0: number;
  style: IdentityStyle;
  identity: Identity;
}

function root(ctx: GenContext, init: RootInit): DemoSpan {
  return ctx.span({
    service: init.service,
    name: init.name,
    kind: init.kind,
    parent: null,
    traceId: ctx.traceId(),
    startUs: init.t0,
    endUs: init.t0,
    attributes: identityAttrs(init.style, init.identity),
    scope: SERVER_SCOPE,
  });
}

/** campaign-writer (deprecated gen_ai names, plain `tenant_id`) goes through ai-gateway too. */
export function campaignWriter(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.campaignWriter;
  for (const t0 of ctx.slots(7, { weekendFactor: 0.3 })) {
    const tenant = rng.weighted(TENANTS);
    const identity = identityOf(s, COPY, tenant);
    const top = root(ctx, {
      service: s,
      name: "POST /campaigns/:id/copy",
      kind: KIND.server,
      t0,
      style: "plain",
      identity,
    });
    const { call } = emitCall(ctx, {
      service: s,
      convention: "otel-deprecated",
      style: "plain",
      feature: COPY,
      tenant,
      parent: top,
      startUs: t0 + 2_000,
      durationUs: rng.int(5_000, 15_000) * 1_000,
      requestModel: "gpt-4o",
      usage: { input: rng.around(1500, 0.3), cacheRead: 0, cacheWrite: 0, output: rng.around(900, 0.3) },
      status: "ok",
      spanIdentity: identity,
      ...viaFilteringGateway({ service: s, tenant, identity, key: KEYS.gatewayGrowth, t0 }),
    });
    top.endUs = call.endUs + 2_000;
  }
}

/**
 * report-builder (OTel current names, plain keys) authenticates with its team key, but when
 * the secret store times out its client falls back to the proxy master key (master_key_fallback).
 */
export function reportBuilder(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.reportBuilder;
  const slots = ctx.slots(9, { weekendFactor: 1 });
  const fallback = new Set(rng.sample(slots.length, ctx.count(24)));
  slots.forEach((t0, i) => {
    const tenant = rng.weighted(TENANTS);
    const identity = identityOf(s, INSIGHTS, tenant);
    const top = root(ctx, {
      service: s,
      name: "weekly_insights.build",
      kind: KIND.internal,
      t0,
      style: "plain",
      identity,
    });
    const master = fallback.has(i);
    const input = rng.around(6000, 0.35);
    const { call } = emitCall(ctx, {
      service: s,
      convention: "otel-current",
      style: "plain",
      feature: INSIGHTS,
      tenant,
      parent: top,
      startUs: t0 + 5_000,
      durationUs: rng.int(8_000, 25_000) * 1_000,
      requestModel: "gpt-4o",
      usage: {
        input,
        cacheRead: openaiCached(ctx, input, 0.2, 0.6),
        cacheWrite: 0,
        output: rng.around(1100, 0.35),
      },
      status: "ok",
      spanIdentity: identity,
      row: {
        key: master ? KEYS.master : KEYS.reportBuilder,
        endUser: tenant,
        metadata: omit(identity, "team", "tenant"),
      },
      ...(master ? { lost: { team: "master_key_fallback" } as const } : {}),
    });
    top.endUs = call.endUs + 3_000;
  });
}

/** email-digest (deprecated names, baggage keys) never sets a tenant anywhere (missing_at_call_site). */
export function emailDigest(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.emailDigest;
  for (let day = 0; day < DEMO_DAYS; day++) {
    const t0 = DEMO_START_US + day * DAY_US + 6 * HOUR_US + rng.int(0, 600) * 1_000_000;
    const jobIdentity = omit(identityOf(s, DIGEST, null), "feature");
    const top = root(ctx, {
      service: s,
      name: "digest.run",
      kind: KIND.internal,
      t0,
      style: "baggage",
      identity: jobIdentity,
    });
    let t = t0 + 10_000;
    const n = ctx.count(10) + rng.int(-2, 2);
    for (let k = 0; k < n; k++) {
      const tenant = rng.weighted(TENANTS);
      const identity = identityOf(s, DIGEST, null);
      const { call } = emitCall(ctx, {
        service: s,
        convention: "otel-deprecated",
        style: "baggage",
        feature: DIGEST,
        tenant,
        parent: top,
        startUs: t,
        durationUs: rng.int(3_000, 9_000) * 1_000,
        requestModel: "gpt-4o-mini",
        usage: { input: rng.around(2200, 0.3), cacheRead: 0, cacheWrite: 0, output: rng.around(350, 0.3) },
        status: "ok",
        spanIdentity: identity,
        row: { key: KEYS.emailDigest, endUser: null, metadata: withoutTeam(identity) },
        lost: { tenant: "missing_at_call_site" },
        recoverable: false,
      });
      t = call.endUs + rng.int(50, 400) * 1_000;
    }
    top.endUs = t;
  }
}

/** ab-test-runner calls OpenAI directly with its own key: spans, no ledger row (gateway_bypass). */
export function abTestRunner(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.abTestRunner;
  for (const t0 of ctx.slots(5, { weekendFactor: 0.2 })) {
    const tenant = rng.weighted(TENANTS);
    const identity = identityOf(s, VARIANTS, tenant);
    const top = root(ctx, {
      service: s,
      name: "experiment.evaluate",
      kind: KIND.internal,
      t0,
      style: "app",
      identity,
    });
    const { call } = emitCall(ctx, {
      service: s,
      convention: "otel-current",
      style: "app",
      feature: VARIANTS,
      tenant,
      parent: top,
      startUs: t0 + 3_000,
      durationUs: rng.int(1_500, 5_000) * 1_000,
      requestModel: "gpt-4o-mini",
      usage: { input: rng.around(800, 0.3), cacheRead: 0, cacheWrite: 0, output: rng.around(260, 0.3) },
      status: "ok",
      spanIdentity: identity,
      row: null,
    });
    top.endUs = call.endUs + 1_000;
  }
}
