import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import { loadRateCard } from "../pricing/rate-card-table.js";
import type { CallStatus } from "../record/call.js";
import { runAudit } from "./audit.js";
import { FINDING_CALLS, prepareFindingCalls } from "./callSet.js";
import { iso, spanId, traceId, World } from "./fixtures/world.js";
import type { AuditResult } from "./result.js";
import { retryChains } from "./retries.js";

interface CaptureSpec {
  entry: number;
  at: number;
  status: CallStatus;
  responseId?: string;
  trace?: string;
  keyHash?: string;
  input?: number;
  output?: number;
  tenant?: string;
}

/** A captured call as `capturesInsert` writes it (source 'capture', span name = request path). */
function capture(w: World, c: CaptureSpec): void {
  w.calls.push({
    call_key: `capture:session.har#${c.entry}`,
    source: "capture",
    source_format: "har",
    source_file: "session.har",
    source_line: c.entry,
    trace_id: c.trace === undefined ? "" : traceId(c.trace),
    span_id: "",
    span_name: "/v1/chat/completions",
    request_model: "gpt-4o",
    response_model: c.responseId === undefined ? null : "gpt-4o",
    provider: "openai",
    response_id: c.responseId ?? null,
    input_tokens: c.input ?? null,
    uncached_input_tokens: c.input ?? null,
    output_tokens: c.output ?? null,
    status: c.status,
    start_time: iso(c.at),
    end_time: iso(c.at + 0.5),
    key_hash: c.keyHash ?? null,
    tenant: c.tenant ?? null,
    identity_keys: {},
  });
}

/** gpt-4o at 2 USD / MTok input, 8 output (fixtures/finding-prices.yaml). */
function captureWorld(): World {
  const w = new World().key("hk-search", "t-search").team("t-search", "search");
  // C1 joins its untagged row by response id: tenant from its header, team from its key hash.
  capture(w, {
    entry: 1,
    at: 0,
    status: "ok",
    responseId: "chatcmpl-c1",
    keyHash: "hk-search",
    tenant: "acme",
  });
  w.row({ requestId: "lite-1", responseId: "chatcmpl-c1", at: 0.1, input: 10, output: 5, cost: 2.5 });
  // C2 (429, no response id) joins its row by traceparent; C3 (ok) by response id. Row 3 states
  // no trace: its capture's traceparent puts it in the chain after row 2.
  capture(w, { entry: 2, at: 100, status: "rate_limited", trace: "r1" });
  capture(w, {
    entry: 3,
    at: 101,
    status: "ok",
    trace: "r1",
    responseId: "chatcmpl-c3",
    input: 1000,
    output: 500,
  });
  w.row({ requestId: "lite-2", trace: "r1", at: 100.1, status: "rate_limited", input: 0, output: 0 });
  w.row({ requestId: "lite-3", responseId: "chatcmpl-c3", at: 101.1, input: 1000, output: 500 });
  // C4 (429) then C5 (ok, usage): no trace, no row; same key hash and path chain them. C5 is outside the ledger.
  capture(w, { entry: 4, at: 200, status: "rate_limited", keyHash: "hk-x" });
  capture(w, {
    entry: 5,
    at: 201,
    status: "ok",
    keyHash: "hk-x",
    responseId: "chatcmpl-c5",
    input: 100,
    output: 10,
  });
  // C6: span + capture + row of one call, counted once.
  w.span({
    trace: "s6",
    span: "s6",
    service: "a",
    at: 300,
    llm: { model: "gpt-4o", responseId: "chatcmpl-s6", input: 7, output: 7 },
  });
  w.row({ requestId: "chatcmpl-s6", at: 300.1, input: 7, output: 7 });
  capture(w, { entry: 6, at: 300.05, status: "ok", responseId: "chatcmpl-s6", input: 7, output: 7 });
  // C7: span + capture without a row: the span call is the bypass, the capture is not a second one.
  w.span({
    trace: "s7",
    span: "s7",
    service: "a",
    at: 400,
    llm: { model: "gpt-4o", responseId: "chatcmpl-s7", input: 9, output: 9 },
  });
  capture(w, { entry: 7, at: 400.05, status: "ok", responseId: "chatcmpl-s7", input: 9, output: 9 });
  return w;
}

describe("proxy captures as audit evidence", () => {
  let engine: ChdbEngine;
  let result: AuditResult;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await captureWorld().load(engine);
    const prices = new URL("./fixtures/finding-prices.yaml", import.meta.url).pathname;
    await loadRateCard(engine, { overrides: loadPriceFiles([prices]), defaults: () => [] });
    result = await runAudit(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("joins captures by response id, else traceparent, and counts each rule", () => {
    expect(result.captureJoins).toEqual({
      calls: 7,
      joins: { response_id: 4, trace_id: 1 },
      // C1, C2, C3, C6
      toGateway: 4,
      unmatched: 2,
      outsideLedger: 1,
    });
  });

  it("counts a capture outside the ledger once, beside the span calls", () => {
    expect(result.bypass).toMatchObject({
      calls: 2,
      services: [
        { service: "(capture)", calls: 1 },
        { service: "a", calls: 1 },
      ],
    });
  });

  it("recovers layers from what the capture carried and from its key hash", () => {
    const byLayer = (layer: string) => result.recoverable.find((r) => r.layer === layer);
    expect(byLayer("tenant")?.values).toEqual([{ value: "acme", source: "capture", calls: 1, spend: 2.5 }]);
    expect(byLayer("team")?.values).toEqual([{ value: "search", source: "capture", calls: 1, spend: 2.5 }]);
  });

  it("chains a captured 429 and its successful retry in the audit", async () => {
    const rows = await engine.query<{ call_key: string }>(
      sql("SELECT call_key FROM audit_retry WHERE is_retry = 1 ORDER BY call_key"),
    );
    expect(rows.map((r) => r.call_key)).toEqual(["capture:session.har#5", "gateway:lite-3"]);
  });

  it("counts each call once in the findings and chains capture retries there", async () => {
    await prepareFindingCalls(engine);
    const calls = await engine.query<{ call_key: string }>(
      sql(`SELECT call_key FROM ${FINDING_CALLS} ORDER BY call_key`),
    );
    expect(calls.map((c) => c.call_key)).toEqual([
      "capture:session.har#4",
      "capture:session.har#5",
      "gateway:chatcmpl-s6",
      "gateway:lite-1",
      "gateway:lite-2",
      "gateway:lite-3",
      `span:${traceId("s7")}:${spanId("s7")}`,
    ]);
    const report = await retryChains(engine, { calls: FINDING_CALLS });
    expect(report).toMatchObject({ chains: 2, extraAttempts: 2, succeeded: 2, extraSpend: "0" });
    expect(report.topChains.map((c) => [c.traceId, c.statuses])).toEqual([
      [traceId("r1"), ["rate_limited", "ok"]],
      ["", ["rate_limited", "ok"]],
    ]);
  });
});
