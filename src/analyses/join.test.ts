import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { runAudit } from "./audit.js";
import { spanId, traceId, World } from "./fixtures/world.js";
import type { AuditResult } from "./result.js";

const m = "gpt-4o";

/** Every join rule, and every way a row or a span can stay unlinked. */
function joinWorld(): World {
  const w = new World();
  // J1 response id = row request id; the row was exported twice, the span stored twice.
  w.span({
    trace: "j1",
    span: "j1",
    service: "a",
    at: 0,
    llm: { model: m, responseId: "chatcmpl-j1", input: 10, output: 5 },
  })
    .row({ requestId: "chatcmpl-j1", at: 0.5, input: 10, output: 5, cost: 1.25 })
    .row({ requestId: "chatcmpl-j1", at: 0.5, input: 10, output: 5, cost: 1.25, line: 99 });
  w.spans.push({ ...(w.spans[0] as (typeof w.spans)[number]) });
  // J2 response id = the row's own response id (LiteLLM's request id is its uuid).
  w.span({
    trace: "j2",
    span: "j2",
    service: "a",
    at: 10,
    llm: { model: m, responseId: "chatcmpl-j2", input: 20, output: 5 },
  }).row({ requestId: "litellm-uuid-j2", responseId: "chatcmpl-j2", at: 10.2, input: 20, output: 5 });
  // J3 trace id: the span states no response id.
  w.span({ trace: "j3", span: "j3", service: "a", at: 20, llm: { model: m, input: 15, output: 5 } }).row({
    requestId: "req-j3",
    trace: "j3",
    at: 20.3,
    input: 15,
    output: 5,
  });
  // J4 trace id, two parallel calls in the trace: the one with equal tokens wins, p1 has no row.
  w.span({ trace: "j4", span: "p1", service: "a", at: 30, llm: { model: m, input: 100, output: 10 } })
    .span({ trace: "j4", span: "p2", service: "a", at: 30.05, llm: { model: m, input: 200, output: 20 } })
    .row({ requestId: "req-j4", trace: "j4", at: 30.1, input: 200, output: 20 });
  // J5 fuzzy: dated snapshot on the span, 1.5 s apart, same tokens.
  w.span({
    trace: "j5",
    span: "j5",
    service: "a",
    at: 40,
    llm: { model: "gpt-4o-2024-08-06", input: 300, output: 30 },
  }).row({ requestId: "req-j5", at: 41.5, input: 300, output: 30 });
  // J6 fuzzy too far apart (3 s): row unmatched, span is bypass.
  w.span({ trace: "j6", span: "j6", service: "a", at: 50, llm: { model: m, input: 400, output: 40 } }).row({
    requestId: "req-j6",
    at: 53,
    input: 400,
    output: 40,
  });
  // J7 fuzzy but two candidate calls: not one-to-one, left unlinked.
  w.span({ trace: "j7a", span: "j7a", service: "a", at: 60, llm: { model: m, input: 500, output: 50 } })
    .span({ trace: "j7b", span: "j7b", service: "b", at: 60.5, llm: { model: m, input: 500, output: 50 } })
    .row({ requestId: "req-j7", at: 60.2, input: 500, output: 50 });
  // J8 a mock response id shared by spans of two traces: links only inside the row's own trace.
  w.span({
    trace: "j8a",
    span: "j8a",
    service: "a",
    at: 70,
    llm: { model: m, responseId: "chatcmpl-mock", input: 7, output: 7 },
  })
    .span({
      trace: "j8b",
      span: "j8b",
      service: "a",
      at: 70.1,
      llm: { model: m, responseId: "chatcmpl-mock", input: 7, output: 7 },
    })
    .row({ requestId: "lite-8a", responseId: "chatcmpl-mock", trace: "j8a", at: 70.05, input: 7, output: 7 })
    .row({ requestId: "lite-8b", responseId: "chatcmpl-mock", at: 70.06 });
  // J10 a span with neither usage nor response id and no row: unmatched, not bypass.
  w.span({ trace: "j10", span: "j10", service: "a", at: 80, llm: { model: m } });
  // J11 zero tokens, J12 ends before it starts: both rows without spans.
  w.row({ requestId: "req-j11", at: 90, input: 0, output: 0 }).row({
    requestId: "req-j12",
    at: 95,
    dur: -1,
    input: 1,
    output: 1,
  });
  // J13 linked by response id, but the row starts 29 s after its span ended (clock skew).
  w.span({
    trace: "j13",
    span: "j13",
    service: "a",
    at: 100,
    llm: { model: m, responseId: "chatcmpl-j13", input: 3, output: 3 },
  }).row({ requestId: "chatcmpl-j13", at: 130, input: 3, output: 3 });
  return w;
}

describe("joining gateway rows to spans", () => {
  let engine: ChdbEngine;
  let result: AuditResult;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await joinWorld().load(engine);
    result = await runAudit(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("links by response id, then trace id, then a one-to-one fuzzy match", async () => {
    const links = await engine.query<{ gateway_key: string; span_key: string; rule: string }>(
      sql("SELECT gateway_key, span_key, rule FROM call_links ORDER BY gateway_key"),
    );
    const span = (t: string, s: string) => `span:${traceId(t)}:${spanId(s)}`;
    expect(links).toEqual([
      { gateway_key: "gateway:chatcmpl-j1", span_key: span("j1", "j1"), rule: "response_id" },
      { gateway_key: "gateway:chatcmpl-j13", span_key: span("j13", "j13"), rule: "response_id" },
      { gateway_key: "gateway:lite-8a", span_key: span("j8a", "j8a"), rule: "response_id" },
      { gateway_key: "gateway:litellm-uuid-j2", span_key: span("j2", "j2"), rule: "response_id" },
      { gateway_key: "gateway:req-j3", span_key: span("j3", "j3"), rule: "trace_id" },
      { gateway_key: "gateway:req-j4", span_key: span("j4", "p2"), rule: "trace_id" },
      { gateway_key: "gateway:req-j5", span_key: span("j5", "j5"), rule: "fuzzy" },
    ]);
  });

  it("counts every row and span that stayed unlinked, and why", () => {
    expect(result.join).toEqual({
      gatewayRows: 13,
      gatewayCalls: 12,
      duplicateGatewayRows: 1,
      spanCalls: 13,
      spanCallGroups: 13,
      joins: { response_id: 4, trace_id: 2, fuzzy: 1 },
      // J6, J7, J8b, J11, J12
      unmatchedGatewayCalls: 5,
      unmatchedWithKnownTrace: 0,
      // p1, j6, j7a, j7b, j8b, j10
      unmatchedSpanCalls: 6,
      bypassSpanCalls: 5,
      spanCallsOverSeveralRows: 0,
      duplicateResponseIds: { gateway: 1, spans: 1 },
      ambiguous: { traceId: 1, fuzzy: 1 },
      missingTokens: { gateway: 1, spans: 1 },
      zeroTokens: { gateway: 1, spans: 0 },
      endBeforeStart: { gateway: 1, spans: 0 },
      rowOutsideSpanTime: 1,
      duplicateSpans: 1,
    });
  });

  it("counts a row exported twice once in the ledger, and unpriced rows apart", () => {
    // Only J1 states a cost (1.25, twice the same row): 12 calls, 11 unpriced.
    expect(result.totals).toMatchObject({ calls: 12, spend: 1.25, unpricedCalls: 11 });
  });

  it("reports the bypass calls by service", () => {
    // p1, j6, j7a, j8b in service a; j7b in service b; none states a cost.
    expect(result.bypass).toMatchObject({
      calls: 5,
      spend: 0,
      unpricedCalls: 5,
      services: [
        { service: "a", calls: 4, spend: 0 },
        { service: "b", calls: 1, spend: 0 },
      ],
    });
  });
});
