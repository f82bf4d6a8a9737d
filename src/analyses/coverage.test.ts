import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { loadRateCard } from "../pricing/rate-card-table.js";
import { runAudit } from "./audit.js";
import { pricedCallCostSql } from "./cost.js";
import { traceId, World } from "./fixtures/world.js";
import type { AuditResult } from "./result.js";

const TEAM_WORK = { team: "search", workload: "rank" };
const ALL = { tenant: "acme", ...TEAM_WORK };

/**
 * Six ledger rows, five of them without a tenant, each recoverable from a different place:
 *   C1 2.00 tagged          C2 1.00 hop span (captured header)   C3 0.50 linked trace (span link)
 *   C4 0.25 linked trace (queue message id)   C5 0.10 same trace, no LLM span   C7 unpriced, nothing
 * Ledger spend = 2 + 1 + 0.5 + 0.25 + 0.1 = 3.85 over 6 calls (C7 unpriced).
 * Plus one span call with no row: bypass, 0.40.
 */
function coverageWorld(): World {
  const w = new World();
  w.span({ trace: "c1", span: "c1", service: "shop", at: 0, llm: { responseId: "r-c1", identity: ALL } }).row(
    { requestId: "r-c1", at: 0.1, cost: 2, identity: ALL },
  );
  // C2: the edge proxy saw the tenant header; the row never got it.
  w.span({
    trace: "c2",
    span: "c2",
    service: "shop",
    at: 10,
    llm: { responseId: "r-c2", identity: TEAM_WORK },
  })
    .span({
      trace: "c2",
      span: "edge",
      parent: "c2",
      service: "edge-proxy",
      kind: "Server",
      at: 10.1,
      dur: 0.5,
      attrs: { "http.request.header.x-tenant-id": '["initech"]' },
    })
    .row({ requestId: "r-c2", at: 10.2, cost: 1, identity: TEAM_WORK });
  // C3: a job consumer whose span links to the producer's trace; the producer's request span has the tenant.
  w.span({
    trace: "p3",
    span: "post",
    service: "api",
    name: "POST /jobs",
    at: 19,
    dur: 2,
    attrs: { tenant_id: "umbrella" },
  })
    .span({
      trace: "p3",
      span: "pub3",
      parent: "post",
      service: "api",
      kind: "Producer",
      name: "publish jobs",
      at: 19.5,
    })
    .span({
      trace: "c3",
      span: "job",
      service: "worker",
      kind: "Consumer",
      name: "process job",
      at: 20,
      dur: 3,
      links: [{ trace: "p3", span: "pub3" }],
    })
    .span({
      trace: "c3",
      span: "c3",
      parent: "job",
      service: "worker",
      at: 20.5,
      llm: { responseId: "r-c3", identity: TEAM_WORK },
    })
    .row({ requestId: "r-c3", at: 20.6, cost: 0.5, identity: TEAM_WORK });
  // C4: a queue consumer started a new trace without a link; the message id ties it to its producer.
  w.span({
    trace: "p4",
    span: "pub4",
    service: "orders",
    kind: "Producer",
    at: 29,
    attrs: { "messaging.message.id": "msg-4", tenant_id: "hooli" },
  })
    .span({
      trace: "c4",
      span: "recv",
      service: "mailer",
      kind: "Consumer",
      at: 30,
      dur: 3,
      attrs: { "messaging.message.id": "msg-4" },
    })
    .span({
      trace: "c4",
      span: "c4",
      parent: "recv",
      service: "mailer",
      at: 30.5,
      llm: { responseId: "r-c4", identity: TEAM_WORK },
    })
    .row({ requestId: "r-c4", at: 30.6, cost: 0.25, identity: TEAM_WORK });
  // C5: the row carries its trace id; that trace has spans (tenant on the root) but no LLM span.
  w.span({ trace: "c5", span: "cron", service: "cron", at: 40, dur: 2, attrs: { tenant_id: "stark" } }).row({
    requestId: "r-c5",
    trace: "c5",
    at: 40.5,
    cost: 0.1,
    identity: TEAM_WORK,
  });
  // C7: no span, no cost.
  w.row({ requestId: "r-c7", at: 50, identity: TEAM_WORK });
  // Bypass: a scraper calls the provider directly.
  w.span({
    trace: "b1",
    span: "b1",
    service: "scraper",
    at: 60,
    llm: { responseId: "r-b1", input: 10, output: 10, cost: 0.4 },
  });
  return w;
}

describe("coverage and recovery", () => {
  let engine: ChdbEngine;
  let result: AuditResult;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await coverageWorld().load(engine);
    result = await runAudit(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("weights coverage by spend, with call counts and recoverable spend beside it", () => {
    const [tenant, team] = result.coverage;
    // tagged 2.00 of 3.85; recoverable 1 + 0.5 + 0.25 + 0.1 = 1.85, so (2 + 1.85) / 3.85 = 1.
    expect(tenant).toEqual({
      layer: "tenant",
      required: true,
      calls: 6,
      spend: 3.85,
      unpricedCalls: 1,
      taggedCalls: 1,
      taggedSpend: 2,
      untaggedCalls: 5,
      untaggedSpend: 1.85,
      coverage: 2 / 3.85,
      callCoverage: 1 / 6,
      recoverableCalls: 4,
      recoverableSpend: 1.85,
      coverageIfRecovered: 1,
    });
    expect(team).toMatchObject({ taggedCalls: 6, taggedSpend: 3.85, coverage: 1, untaggedSpend: 0 });
  });

  it("says where each recovered value came from", () => {
    expect(result.recoverable[0]).toEqual({
      layer: "tenant",
      calls: 4,
      spend: 1.85,
      bySource: [
        { source: "hop_span", calls: 1, spend: 1 },
        { source: "linked_trace", calls: 2, spend: 0.75 },
        { source: "ancestor_span", calls: 1, spend: 0.1 },
      ],
      values: [
        { value: "initech", source: "hop_span", calls: 1, spend: 1 },
        { value: "umbrella", source: "linked_trace", calls: 1, spend: 0.5 },
        { value: "hooli", source: "linked_trace", calls: 1, spend: 0.25 },
        { value: "stark", source: "ancestor_span", calls: 1, spend: 0.1 },
      ],
    });
  });

  it("traces the loss across a span link and a queue message", () => {
    const async = result.modes.find((m) => m.mode === "async_context_loss");
    expect(async?.divergences).toEqual([
      { hop: "api -> worker", calls: 1, spend: 0.5 },
      { hop: "orders -> mailer", calls: 1, spend: 0.25 },
    ]);
    const noTrace = result.modes.find((m) => m.mode === "no_trace");
    // C5 (0.10) and C7 (unpriced)
    expect(noTrace).toMatchObject({ calls: 2, spend: 0.1, unpricedCalls: 1 });
    expect(result.join.unmatchedWithKnownTrace).toBe(1);
  });

  it("reports spend outside the ledger", () => {
    expect(result.bypass).toEqual({
      calls: 1,
      spend: 0.4,
      unpricedCalls: 0,
      services: [{ service: "scraper", calls: 1, spend: 0.4 }],
      exampleTraceIds: [traceId("b1")],
    });
  });
});

describe("coverage priced by the rate card", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it("swaps the reported cost for the rate card's through costSql", async () => {
    await new World()
      .row({
        requestId: "p1",
        at: 0,
        model: "gpt-4o",
        input: 2000,
        output: 500,
        cost: 9.99,
        identity: { tenant: "acme" },
      })
      .row({ requestId: "p2", at: 1, model: "mystery-model", input: 10, output: 10, cost: 9.99 })
      .load(engine);
    await loadRateCard(engine, {
      defaults: () => [],
      overrides: [
        {
          provider: null,
          model: "gpt-4o",
          match: "exact",
          effectiveFrom: null,
          effectiveTo: null,
          source: "test",
          inputPerMtok: "2.5",
          cacheReadPerMtok: null,
          cacheWritePerMtok: null,
          outputPerMtok: "10",
        },
      ],
    });
    const result = await runAudit(engine, { costSql: pricedCallCostSql() });
    // p1: 2000 x $2.50/M + 500 x $10/M = 0.005 + 0.005 = 0.01; p2's model is unknown: unpriced.
    expect(result.coverage[0]).toMatchObject({
      calls: 2,
      spend: 0.01,
      unpricedCalls: 1,
      taggedSpend: 0.01,
      untaggedCalls: 1,
      untaggedSpend: 0,
    });
  });
});
