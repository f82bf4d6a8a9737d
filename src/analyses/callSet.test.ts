import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { detectLinking, FINDING_CALLS, prepareFindingCalls } from "./callSet.js";
import { type FixtureCall, loadCalls, traceHex } from "./fixtures/findings.js";

const T = traceHex("t1");
const CALLS: FixtureCall[] = [
  // A ledger row without a trace id; its call has an SDK span (no response id) and the
  // gateway's own span (response id = the row's request id) under it.
  { key: "g1", trace: "", at: 0.1, tokens: [100, 0, 0, 10], identity: { team: "search" } },
  {
    key: "cs1",
    source: "span",
    trace: "t1",
    span: "cs1",
    service: "app",
    at: 0,
    dur: 2,
    tokens: [100, 0, 0, 10],
  },
  {
    key: "hop1",
    source: "span",
    trace: "t1",
    span: "hop1",
    parentSpan: "cs1",
    service: "litellm",
    at: 0.1,
    responseId: "g1",
    tokens: [100, 0, 0, 10],
  },
  // The same ledger row exported twice: one call.
  { key: "g2", trace: "t1", at: 5, tokens: [50, 0, 0, 5] },
  { key: "g2", trace: "t1", at: 5, tokens: [50, 0, 0, 5] },
  // A call outside the ledger seen by two spans sharing a response id: one call, the outer span.
  {
    key: "cs3",
    source: "span",
    trace: "t1",
    span: "cs3",
    service: "batch",
    at: 10,
    dur: 3,
    responseId: "r3",
    tokens: [300, 0, 0, 30],
  },
  {
    key: "hop3",
    source: "span",
    trace: "t1",
    span: "hop3",
    service: "proxy",
    at: 10.5,
    responseId: "r3",
    tokens: [300, 0, 0, 30],
  },
];

const rows = (engine: ChdbEngine) =>
  engine.query(
    sql(`SELECT call_key, source, trace_id, service_name, team FROM ${FINDING_CALLS} ORDER BY call_key`),
  );

describe("finding call set", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await loadCalls(engine, CALLS);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("counts ledger rows once and span calls outside the ledger once (response-id links)", async () => {
    expect(await detectLinking(engine)).toBe("response_id");
    await prepareFindingCalls(engine);
    expect(await rows(engine)).toEqual([
      { call_key: "gateway:g1", source: "gateway", trace_id: T, service_name: "litellm", team: "search" },
      { call_key: "gateway:g2", source: "gateway", trace_id: T, service_name: "", team: null },
      // Without the audit's span groups, an SDK span without a response id is a call of its own.
      { call_key: "span:cs1", source: "span", trace_id: T, service_name: "app", team: null },
      { call_key: "span:cs3", source: "span", trace_id: T, service_name: "batch", team: null },
    ]);
  });

  it("uses the audit's call_links and span groups when they exist", async () => {
    await engine.exec(
      sql(
        "CREATE OR REPLACE TABLE call_links (gateway_key String, span_key String, rule String) ENGINE = Memory",
      ),
    );
    await engine.exec(sql("INSERT INTO call_links VALUES ('gateway:g1', 'span:hop1', 'response_id')"));
    await engine.exec(
      sql(
        "CREATE OR REPLACE TABLE audit_span_calls (call_key String, trace_id String, group_root String) ENGINE = Memory",
      ),
    );
    await engine.exec(
      sql(
        `INSERT INTO audit_span_calls VALUES ('span:cs1', {t:String}, 'cs1'), ('span:hop1', {t:String}, 'cs1'),
  ('span:cs3', {t:String}, 'cs3'), ('span:hop3', {t:String}, 'cs3')`,
        { t: T },
      ),
    );
    expect(await detectLinking(engine)).toBe("call_links");
    await prepareFindingCalls(engine);
    expect(await rows(engine)).toEqual([
      // the row takes the call site's service: the SDK span and the gateway span are one call
      { call_key: "gateway:g1", source: "gateway", trace_id: T, service_name: "app", team: "search" },
      { call_key: "gateway:g2", source: "gateway", trace_id: T, service_name: "", team: null },
      { call_key: "span:cs3", source: "span", trace_id: T, service_name: "batch", team: null },
    ]);
  });
});
