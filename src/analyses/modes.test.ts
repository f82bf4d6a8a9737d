import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { runAudit } from "./audit.js";
import { FIXES } from "./fixes.js";
import { traceId, World } from "./fixtures/world.js";
import type { AuditResult, ModeSummary } from "./result.js";

const ALL = { tenant: "acme", team: "billing", workload: "invoice" };

/**
 * One call per failure mode, each losing one layer on its ledger row, plus two tagged rows
 * (a team-key sibling and a failed first attempt). Costs (gateway `spend`):
 *   m0 1.00 (tagged)  m1 3.00 master  s1 2.50 stream  rt1 0.00 (tagged 429)  rt2 2.00 retry
 *   g1 1.50 header    as1 1.00 async  x1 0.75 missing n1 4.00 no_trace
 * Ledger spend = 1 + 3 + 2.5 + 0 + 2 + 1.5 + 1 + 0.75 + 4 = 15.75 over 9 calls.
 * Untagged spend = 15.75 - 1.00 (m0) - 0.00 (rt1) = 14.75 over 7 calls.
 */
function modesWorld(): World {
  const w = new World().key("k-billing", "t-billing").team("t-billing", "billing").key("k-master", "", true);
  // master_key_fallback: billing-worker uses its team key (m0) but m1 went out on the master key.
  w.span({
    trace: "m0",
    span: "m0",
    service: "billing-worker",
    at: 0,
    llm: { responseId: "resp-m0", identity: ALL },
  })
    .row({ requestId: "resp-m0", at: 0.1, keyHash: "k-billing", cost: 1.0, identity: ALL })
    .span({
      trace: "m1",
      span: "m1",
      service: "billing-worker",
      at: 10,
      llm: { responseId: "resp-m1", identity: ALL },
    })
    .row({
      requestId: "resp-m1",
      at: 10.1,
      keyHash: "k-master",
      cost: 3.0,
      identity: { tenant: "acme", workload: "invoice" },
    });
  // stream_close_late: streamed, the row kept 40 of the 100 output tokens the span saw; workload lost.
  w.span({
    trace: "s1",
    span: "s1",
    service: "chat-ui",
    at: 20,
    llm: { responseId: "resp-s1", stream: true, output: 100, identity: ALL },
  }).row({
    requestId: "resp-s1",
    at: 20.1,
    stream: true,
    output: 40,
    cost: 2.5,
    identity: { tenant: "acme", team: "billing" },
  });
  // retry_header_strip: one SDK span over two attempts; the 429 attempt kept the team, the retry did not.
  w.span({
    trace: "r1",
    span: "sdk",
    service: "agent",
    at: 100,
    dur: 4,
    llm: { responseId: "resp-rt2", identity: ALL },
  })
    .row({ requestId: "req-rt1", trace: "r1", at: 100.1, status: "rate_limited", cost: 0, identity: ALL })
    .row({
      requestId: "resp-rt2",
      trace: "r1",
      at: 101.5,
      cost: 2.0,
      identity: { tenant: "acme", workload: "invoice" },
    });
  // gateway_header_filter: web-app -> ai-gateway carry the tenant, litellm-proxy's span and row do not.
  w.span({
    trace: "g1",
    span: "app",
    service: "web-app",
    at: 30,
    llm: { responseId: "resp-g1", identity: ALL },
  })
    .span({
      trace: "g1",
      span: "aigw",
      parent: "app",
      service: "ai-gateway",
      kind: "Server",
      at: 30.1,
      dur: 0.8,
      attrs: { tenant_id: "acme" },
    })
    .span({
      trace: "g1",
      span: "lite",
      parent: "aigw",
      service: "litellm-proxy",
      name: "litellm_request",
      at: 30.2,
      dur: 0.6,
      llm: { responseId: "resp-g1", identity: { team: "billing", workload: "invoice" } },
    })
    .row({ requestId: "resp-g1", at: 30.2, cost: 1.5, identity: { team: "billing", workload: "invoice" } });
  // async_context_loss: the request span has the tenant, the worker task that calls the model lost it.
  w.span({
    trace: "a1",
    span: "req",
    service: "orders-api",
    name: "POST /orders",
    at: 40,
    dur: 5,
    attrs: { tenant_id: "globex" },
  })
    .span({
      trace: "a1",
      span: "task",
      parent: "req",
      service: "orders-api",
      name: "worker.run",
      at: 41,
      dur: 3,
    })
    .span({
      trace: "a1",
      span: "call",
      parent: "task",
      service: "orders-api",
      name: "chat gpt-4o",
      at: 41.5,
      llm: { responseId: "resp-as1", identity: { team: "billing", workload: "invoice" } },
    })
    .row({ requestId: "resp-as1", at: 41.6, cost: 1.0, identity: { team: "billing", workload: "invoice" } });
  // missing_at_call_site: no span ever had a workload.
  w.span({
    trace: "x1",
    span: "x1",
    service: "batch-job",
    at: 50,
    llm: { responseId: "resp-x1", identity: { tenant: "acme", team: "billing" } },
  }).row({ requestId: "resp-x1", at: 50.1, cost: 0.75, identity: { tenant: "acme", team: "billing" } });
  // no_trace: an uninstrumented caller; its key says which team it is.
  w.row({
    requestId: "req-n1",
    at: 60,
    keyHash: "k-billing",
    cost: 4.0,
    identity: { tenant: "acme", workload: "invoice" },
  });
  return w;
}

function mode(result: AuditResult, id: string): ModeSummary {
  const found = result.modes.find((m) => m.mode === id);
  if (found === undefined) throw new Error(`mode ${id} missing`);
  return found;
}

describe("failure modes", () => {
  let engine: ChdbEngine;
  let result: AuditResult;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await modesWorld().load(engine);
    result = await runAudit(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("totals the ledger and its untagged spend, each call once", () => {
    expect(result.totals).toEqual({
      calls: 9,
      spend: 15.75,
      unpricedCalls: 0,
      untaggedCalls: 7,
      untaggedSpend: 14.75,
    });
  });

  it("ranks the modes by untagged spend", () => {
    // no_trace 4.00 > master 3.00 > stream 2.50 > retry 2.00 > header 1.50 > async 1.00 > missing 0.75
    expect(result.modes.map((m) => [m.mode, m.calls, m.spend])).toEqual([
      ["no_trace", 1, 4],
      ["master_key_fallback", 1, 3],
      ["stream_close_late", 1, 2.5],
      ["retry_header_strip", 1, 2],
      ["gateway_header_filter", 1, 1.5],
      ["async_context_loss", 1, 1],
      ["missing_at_call_site", 1, 0.75],
    ]);
  });

  it("gives each mode its share of untagged spend and its fix", () => {
    // master: 3.00 / 14.75
    expect(mode(result, "master_key_fallback").share).toBeCloseTo(3 / 14.75, 12);
    expect(mode(result, "no_trace").share).toBeCloseTo(4 / 14.75, 12);
    for (const m of result.modes) expect(m.fix).toBe(FIXES[m.mode]);
  });

  it("names the first divergence of each mode", () => {
    const hops = Object.fromEntries(result.modes.map((m) => [m.mode, m.divergences.map((d) => d.hop)]));
    expect(hops).toEqual({
      no_trace: ["(untraced) -> ledger"],
      master_key_fallback: ["billing-worker -> ledger"],
      stream_close_late: ["chat-ui -> ledger"],
      retry_header_strip: ["agent -> ledger"],
      gateway_header_filter: ["ai-gateway -> litellm-proxy"],
      async_context_loss: ["orders-api[POST /orders] -> orders-api[worker.run]"],
      missing_at_call_site: ["(unset) -> batch-job"],
    });
  });

  it("reports per-layer figures, services and example traces", () => {
    const header = mode(result, "gateway_header_filter");
    expect(header.layers).toEqual([{ layer: "tenant", calls: 1, spend: 1.5 }]);
    expect(header.services).toEqual(["web-app", "ai-gateway", "litellm-proxy"]);
    expect(header.hops).toEqual([
      "web-app -> ai-gateway",
      "ai-gateway -> litellm-proxy",
      "litellm-proxy -> ledger",
    ]);
    expect(header.exampleTraceIds).toEqual([traceId("g1")]);
    expect(mode(result, "no_trace").exampleTraceIds).toEqual([]);
    expect(mode(result, "retry_header_strip").layers).toEqual([{ layer: "team", calls: 1, spend: 2 }]);
  });

  it("recovers the lost values from the spans, the ancestors and the key table", () => {
    const team = result.recoverable.find((r) => r.layer === "team");
    // m1 (call span, 3.00) + rt2 (call span, 2.00) + n1 (key table, 4.00)
    expect(team?.bySource).toEqual([
      { source: "call_span", calls: 2, spend: 5 },
      { source: "key_table", calls: 1, spend: 4 },
    ]);
    const tenant = result.recoverable.find((r) => r.layer === "tenant");
    // g1 from its call site (1.50), as1 from the request span above the call (1.00)
    expect(tenant?.values).toEqual([
      { value: "acme", source: "call_span", calls: 1, spend: 1.5 },
      { value: "globex", source: "ancestor_span", calls: 1, spend: 1 },
    ]);
  });

  it("links the failed first attempt to the SDK span that covers both", () => {
    expect(result.join.joins).toEqual({ response_id: 7, trace_id: 1, fuzzy: 0 });
    expect(result.join.spanCallsOverSeveralRows).toBe(1);
  });
});

describe("failure mode conditions", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  async function modesOf(w: World, options: Parameters<typeof runAudit>[1] = {}) {
    await w.load(engine);
    const result = await runAudit(engine, options);
    return result.modes.map((m) => ({ mode: m.mode, calls: m.calls, spend: m.spend, layers: m.layers }));
  }

  it("takes master keys from the contract and the caller's team-scoped key seen elsewhere", async () => {
    // "etl" normally sends key k-etl (team data) but e2 used the master key; no span carries a team.
    // "cron" only ever used the master key: nothing says it should have had a team, so not mode 1.
    const w = new World()
      .key("k-etl", "t-data")
      .span({
        trace: "e1",
        span: "e1",
        service: "etl",
        at: 0,
        llm: { responseId: "resp-e1", identity: { tenant: "acme" } },
      })
      .row({
        requestId: "resp-e1",
        at: 0.1,
        keyHash: "k-etl",
        cost: 1,
        identity: { tenant: "acme", team: "t-data", workload: "w" },
      })
      .span({
        trace: "e2",
        span: "e2",
        service: "etl",
        at: 5,
        llm: { responseId: "resp-e2", identity: { tenant: "acme" } },
      })
      .row({
        requestId: "resp-e2",
        at: 5.1,
        keyHash: "sk-master-hash",
        cost: 0.4,
        identity: { tenant: "acme", workload: "w" },
      })
      .span({
        trace: "c1",
        span: "c1",
        service: "cron",
        at: 9,
        llm: { responseId: "resp-c1", identity: { tenant: "acme" } },
      })
      .row({
        requestId: "resp-c1",
        at: 9.1,
        keyHash: "sk-master-hash",
        cost: 0.2,
        identity: { tenant: "acme", workload: "w" },
      });
    expect(await modesOf(w, { masterKeyHashes: ["SK-MASTER-HASH"] })).toEqual([
      {
        mode: "master_key_fallback",
        calls: 1,
        spend: 0.4,
        layers: [{ layer: "team", calls: 1, spend: 0.4 }],
      },
      {
        mode: "missing_at_call_site",
        calls: 1,
        spend: 0.2,
        layers: [{ layer: "team", calls: 1, spend: 0.2 }],
      },
    ]);
  });

  it("sees a stream close by row status or a span cancel event, and counts a call once per mode", async () => {
    // st1: row says client_cancelled, lost team and workload (one call, two layers, 0.30).
    // st2: the span recorded an abort event, lost tenant (0.20). st3: streamed, not cancelled (0.10).
    const w = new World()
      .span({
        trace: "st1",
        span: "a",
        service: "chat",
        at: 0,
        llm: { responseId: "r-st1", stream: true, identity: ALL },
      })
      .row({
        requestId: "r-st1",
        at: 0.1,
        stream: true,
        status: "client_cancelled",
        cost: 0.3,
        identity: { tenant: "acme" },
      })
      .span({
        trace: "st2",
        span: "b",
        service: "chat",
        at: 5,
        events: ["AbortError"],
        llm: { responseId: "r-st2", stream: true, identity: ALL },
      })
      .row({
        requestId: "r-st2",
        at: 5.1,
        stream: true,
        cost: 0.2,
        identity: { team: "billing", workload: "invoice" },
      })
      .span({
        trace: "st3",
        span: "c",
        service: "chat",
        at: 9,
        llm: { responseId: "r-st3", stream: true, identity: ALL },
      })
      .row({
        requestId: "r-st3",
        at: 9.1,
        stream: true,
        cost: 0.1,
        identity: { team: "billing", workload: "invoice" },
      });
    // stream_close_late: 0.30 + 0.20 = 0.50 over 2 calls; layers: tenant 0.20, team 0.30, workload 0.30.
    expect(await modesOf(w)).toEqual([
      {
        mode: "stream_close_late",
        calls: 2,
        spend: 0.5,
        layers: [
          { layer: "tenant", calls: 1, spend: 0.2 },
          { layer: "team", calls: 1, spend: 0.3 },
          { layer: "workload", calls: 1, spend: 0.3 },
        ],
      },
      {
        mode: "gateway_header_filter",
        calls: 1,
        spend: 0.1,
        layers: [{ layer: "tenant", calls: 1, spend: 0.1 }],
      },
    ]);
  });

  it("does not chain attempts further apart than the retry window", async () => {
    // 429 at t=0, next attempt at t=90 (window 60 s): not a retry, so the span's team makes it mode 4.
    const w = new World()
      .span({
        trace: "rw",
        span: "s",
        service: "agent",
        at: 0,
        dur: 95,
        llm: { responseId: "r-2", identity: ALL },
      })
      .row({ requestId: "r-1", trace: "rw", at: 0.5, status: "rate_limited", cost: 0, identity: ALL })
      .row({
        requestId: "r-2",
        trace: "rw",
        at: 90,
        cost: 0.7,
        identity: { tenant: "acme", workload: "invoice" },
      });
    expect(await modesOf(w)).toEqual([
      {
        mode: "gateway_header_filter",
        calls: 1,
        spend: 0.7,
        layers: [{ layer: "team", calls: 1, spend: 0.7 }],
      },
    ]);
    expect(await modesOf(w, { retryWindowSeconds: 120 })).toEqual([
      { mode: "retry_header_strip", calls: 1, spend: 0.7, layers: [{ layer: "team", calls: 1, spend: 0.7 }] },
    ]);
  });

  it("only assigns modes for the contract's required layers", async () => {
    const w = new World()
      .span({ trace: "q", span: "q", service: "svc", at: 0, llm: { responseId: "r-q" } })
      .row({ requestId: "r-q", at: 0.1, cost: 0.25, identity: { tenant: "acme" } });
    const { DEFAULT_CONTRACT } = await import("../contract/default.js");
    const contract = { ...DEFAULT_CONTRACT, required: ["tenant", "team"] as const };
    expect(await modesOf(w, { contract })).toEqual([
      {
        mode: "missing_at_call_site",
        calls: 1,
        spend: 0.25,
        layers: [{ layer: "team", calls: 1, spend: 0.25 }],
      },
    ]);
  });
});
