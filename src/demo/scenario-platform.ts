import type { Feature } from "./call.js";
import { emitCall, emitRowOnly, identityOf, omit } from "./call.js";
import { KEYS, SERVICES, TENANTS } from "./catalog.js";
import type { GenContext } from "./context.js";
import { DAY_US, DEMO_DAYS, DEMO_START_US, HOUR_US } from "./context.js";
import { identityAttrs } from "./identity-keys.js";
import { KIND } from "./model.js";
import type { Usage } from "./prices.js";

const CHUNKS: Feature = { name: "chunk-summaries", workflow: "doc-ingest" };
const BACKFILL: Feature = { name: "summary-backfill", workflow: "kb-backfill" };

interface Step {
  cache: "write" | "read";
  failed: boolean;
  attempt: number | null;
}

/** The cached system prompt every doc-indexer call starts with. */
const SYSTEM_PROMPT_TOKENS = 6144;

/**
 * doc-indexer (OTel current names, identity from baggage): streams Claude summaries of two
 * chunks per document with a cached system prompt (the first call writes the provider cache,
 * the next reads it). Some first calls die mid-stream with an overload after usage was billed,
 * and are retried.
 */
export function docIndexer(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.docIndexer;
  const slots = ctx.slots(8, { weekendFactor: 0.5 });
  const overloaded = new Set(rng.sample(slots.length, ctx.count(8)));
  slots.forEach((t0, i) => {
    const tenant = rng.weighted(TENANTS);
    const identity = identityOf(s, CHUNKS, tenant);
    const baggage = identityAttrs("baggage", identity);
    const root = ctx.span({
      service: s,
      name: "documents process",
      kind: KIND.consumer,
      parent: null,
      traceId: ctx.traceId(),
      startUs: t0,
      endUs: t0,
      attributes: { "messaging.system": "kafka", "messaging.operation.type": "process", ...baggage },
      scope: { name: "opentelemetry.instrumentation.confluent_kafka", version: "0.52b0" },
    });
    const index = ctx.span({
      service: s,
      name: "index_document",
      kind: KIND.internal,
      parent: root,
      startUs: t0 + 1_000,
      endUs: t0,
      attributes: baggage,
      scope: { name: "doc_indexer", version: s.version },
    });
    const chain = overloaded.has(i) ? ctx.newChain() : null;
    // The first chunk writes the prompt cache; when it dies mid-stream its retry reads it.
    const first: Step[] =
      chain === null
        ? [{ cache: "write", failed: false, attempt: null }]
        : [
            { cache: "write", failed: true, attempt: 1 },
            { cache: "read", failed: false, attempt: 2 },
          ];
    const steps: Step[] = [...first, { cache: "read", failed: false, attempt: null }];
    let t = t0 + 4_000;
    let chunk = rng.around(1600, 0.3);
    for (const step of steps) {
      const usage: Usage = {
        input: SYSTEM_PROMPT_TOKENS + chunk,
        cacheRead: step.cache === "read" ? SYSTEM_PROMPT_TOKENS : 0,
        cacheWrite: step.cache === "write" ? SYSTEM_PROMPT_TOKENS : 0,
        output: step.failed ? rng.around(120, 0.5) : rng.around(520, 0.3),
      };
      const { call } = emitCall(ctx, {
        service: s,
        convention: "otel-current",
        style: "baggage",
        feature: CHUNKS,
        tenant,
        parent: index,
        startUs: t,
        durationUs: (step.failed ? rng.int(1_500, 4_000) : rng.int(4_000, 11_000)) * 1_000,
        requestModel: "claude-sonnet-4-5",
        usage,
        status: step.failed ? "provider_error" : "ok",
        stream: true,
        spanIdentity: identity,
        row: { key: KEYS.docIndexer, endUser: tenant, metadata: omit(identity, "team", "tenant") },
        ...(chain !== null && step.attempt !== null ? { chain: { id: chain, attempt: step.attempt } } : {}),
      });
      t = call.endUs + (step.failed ? rng.int(2_000, 5_000) : rng.int(20, 200)) * 1_000;
      // A retry resends the same chunk; anything else is the next chunk.
      if (!step.failed) chunk = rng.around(1600, 0.3);
    }
    index.endUs = t;
    root.endUs = t + 1_000;
  });
}

/**
 * nightly-backfill: an uninstrumented batch job re-summarising old articles with the platform
 * key: rows only, no spans, no tenant or workflow (no_trace; the key table still names the team).
 */
export function nightlyBackfill(ctx: GenContext): void {
  const { rng } = ctx;
  const s = SERVICES.nightlyBackfill;
  for (let day = 0; day < DEMO_DAYS; day++) {
    let t = DEMO_START_US + day * DAY_US + 2 * HOUR_US + rng.int(0, 900) * 1_000_000;
    const n = ctx.count(6) + rng.int(-1, 1);
    for (let k = 0; k < n; k++) {
      const call = emitRowOnly(ctx, {
        service: s,
        feature: BACKFILL,
        tenant: null,
        startUs: t,
        durationUs: rng.int(4_000, 12_000) * 1_000,
        requestModel: "claude-haiku-4-5",
        usage: { input: rng.around(3000, 0.3), cacheRead: 0, cacheWrite: 0, output: rng.around(400, 0.3) },
        status: "ok",
        row: { key: KEYS.backfill, endUser: null, metadata: null },
        lost: { tenant: "no_trace", workload: "no_trace" },
        recoverable: false,
      });
      t = call.endUs + rng.int(500, 3_000) * 1_000;
    }
  }
}
