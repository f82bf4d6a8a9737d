import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { logRow } from "./fixtures/evidence.js";
import { BASE_MS, traceId, World } from "./fixtures/world.js";
import { type IntegrityCheck, type IntegritySection, integrityChecks } from "./integrity.js";

// Trace names of 16 characters give 32 hex digits with no run of zeros.
const T = {
  web: "checkout-web-001",
  api: "checkout-api-002",
  shop: "shop-producer-03",
  split: "worker-no-link-4",
  linked: "worker-linked-05",
  lonely: "worker-lonely-06",
  fail: "digest-attempt-1",
  retry: "digest-attempt-2",
  inTrace: "digest-in-trace3",
  other: "digest-tenant-04",
  otherRetry: "digest-tenant-05",
  gwOnly: "gateway-only-007",
} as const;
const id = (name: keyof typeof T) => traceId(T[name]);
const IDS = { tenant: "acme", team: "growth", workload: "weekly-digest" };
const llm = (status: "ok" | "rate_limited", identity = IDS) =>
  ({ model: "gpt-4o", status, identity, input: status === "ok" ? 100 : null, output: 10 }) as const;

function world(): World {
  const w = new World()
    .span({ trace: T.web, span: "web-root", service: "web", kind: "Server", at: 0 })
    .span({ trace: T.web, span: "web-child", parent: "web-root", service: "web", at: 0.1 })
    // A local span whose parent was never exported, and a server span called by an unexporting caller.
    .span({ trace: T.web, span: "web-orphan", parent: "lost-span", service: "web", at: 0.2 })
    .span({
      trace: T.api,
      span: "api-root",
      parent: "caller-span",
      service: "pricing-api",
      kind: "Server",
      at: 1,
    })
    // Queue: one message consumed without a link, one with a link, one whose producer is not here.
    .span({ trace: T.shop, span: "shop-root", service: "shop", kind: "Server", at: 5 })
    .span({
      trace: T.shop,
      span: "pub-1",
      parent: "shop-root",
      service: "shop",
      kind: "Producer",
      at: 5.1,
      attrs: { "messaging.message.id": "m-1" },
    })
    .span({
      trace: T.shop,
      span: "pub-2",
      parent: "shop-root",
      service: "shop",
      kind: "Producer",
      at: 5.2,
      attrs: { "messaging.message.id": "m-2" },
    })
    .span({
      trace: T.split,
      span: "c-1",
      service: "mailer",
      kind: "Consumer",
      at: 6,
      attrs: { "messaging.message.id": "m-1" },
    })
    .span({
      trace: T.linked,
      span: "c-2",
      service: "mailer",
      kind: "Consumer",
      at: 6.5,
      attrs: { "messaging.message.id": "m-2" },
      links: [{ trace: T.shop, span: "pub-2" }],
    })
    .span({ trace: T.lonely, span: "c-3", service: "indexer", kind: "Consumer", at: 7 })
    // Retries: a 429 that ends its trace, retried 1.5 s later in a new trace (found) ...
    .span({ trace: T.fail, span: "f-1", service: "digest", at: 100, dur: 0.5, llm: llm("rate_limited") })
    .span({ trace: T.retry, span: "r-1", service: "digest", at: 102, llm: llm("ok") })
    // ... a 429 retried inside its own trace, and one followed by another tenant's request (not found).
    .span({ trace: T.inTrace, span: "i-1", service: "digest", at: 200, dur: 0.5, llm: llm("rate_limited") })
    .span({ trace: T.inTrace, span: "i-2", service: "digest", at: 201, llm: llm("ok") })
    .span({ trace: T.other, span: "o-1", service: "digest", at: 300, dur: 0.5, llm: llm("rate_limited") })
    .span({
      trace: T.otherRetry,
      span: "o-2",
      service: "digest",
      at: 301,
      llm: llm("ok", { ...IDS, tenant: "globex" }),
    })
    .row({ requestId: "gw-1", trace: T.gwOnly, at: 400, input: 10, output: 1 });
  // Spans with ids the exporter never writes, as a JSON input can hold them.
  const [a, b] = [structuredClone(w.spans[1]), structuredClone(w.spans[1])];
  if (a === undefined || b === undefined) throw new Error("fixture");
  a.TraceId = "";
  a.SpanId = "00000000000000aa";
  b.TraceId = "4bf92f3577b34da6";
  b.SpanId = "00000000000000bb";
  w.spans.push(a, b);
  return w;
}

const web = id("web");
const LOGS = [
  { line: 1, at: 0, service: "web", traceId: web },
  { line: 2, at: 0.1, service: "web", traceId: `${web.slice(0, 20)}\u2026` },
  // 12 hex: the prefix of two traces (`checko...`), so not recoverable.
  { line: 3, at: 0.2, service: "web", traceId: web.slice(0, 12) },
  { line: 4, at: 1, service: "pricing-api", traceId: id("api").toUpperCase() },
  {
    line: 5,
    at: 1.1,
    service: "pricing-api",
    traceId: id("api").replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-"),
  },
  { line: 6, at: 2, service: "web", traceId: "0".repeat(32) },
  { line: 7, at: 3, service: "web" },
  { line: 8, at: 4, service: "web", traceId: "" },
  { line: 9, at: 5, service: "notifier", traceId: "4bf92f3577b34da6" },
  { line: 10, at: 6, service: "notifier", traceId: "9a3f0c1e5b7d4f2a8c6e0b1d3f5a7c9e" },
  { line: 11, at: 7, service: "gateway-client", traceId: id("gwOnly") },
  { line: 12, at: 8, service: "web", traceId: `00-${web}-0123456789abcdef-01`, field: "traceparent" },
];

describe("integrity checks", () => {
  let engine: ChdbEngine;
  let section: IntegritySection;
  const check = (name: IntegrityCheck["check"]) => {
    const found = section.checks.find((c) => c.check === name);
    if (found === undefined) throw new Error(name);
    return found;
  };
  const kinds = (name: IntegrityCheck["check"]) =>
    Object.fromEntries(check(name).kinds.map((k) => [k.kind, k.count]));

  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await world().load(engine);
    await engine.exec(sql("TRUNCATE TABLE app_logs"));
    await engine.insert(
      "app_logs",
      LOGS.map((l) => logRow(l, BASE_MS)),
    );
    section = await integrityChecks(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("lists every check in order, with its fix", () => {
    expect(section.checks.map((c) => c.check)).toEqual([
      "invalid_span_trace_id",
      "invalid_log_trace_id",
      "orphan_span",
      "queue_split",
      "retry_new_trace",
      "log_unknown_trace",
    ]);
    for (const c of section.checks) expect(c.fix.length).toBeGreaterThan(40);
    expect(section.checked).toEqual({ spans: 18, traces: 12, logLines: 12, calls: 7 });
  });

  it("finds spans whose trace id is empty or of the wrong length", () => {
    expect(check("invalid_span_trace_id")).toMatchObject({ count: 2, traces: 0, recoverable: 0 });
    expect(kinds("invalid_span_trace_id")).toEqual({ empty: 1, wrong_length: 1 });
    expect(check("invalid_span_trace_id").examples.map((e) => e.detail)).toEqual([
      "web-child (span 00000000000000aa, no trace id)",
      "web-child (span 00000000000000bb, trace id 4bf92f3577b34da6)",
    ]);
  });

  it("classifies log trace ids and recovers truncated and re-formatted ones", () => {
    const c = check("invalid_log_trace_id");
    expect(kinds("invalid_log_trace_id")).toEqual({
      truncated: 2,
      non_canonical: 2,
      all_zeros: 1,
      missing: 1,
      empty: 1,
      wrong_length: 1,
    });
    expect([c.count, c.recoverable, c.traces]).toEqual([8, 3, 2]);
    expect(c.services).toEqual([
      { service: "web", count: 5 },
      { service: "pricing-api", count: 2 },
      { service: "notifier", count: 1 },
    ]);
    expect(c.examples[0]).toMatchObject({
      traceId: web,
      kind: "truncated",
      detail: `app.ndjson:2, trace_id ${web.slice(0, 20)}\u2026`,
    });
  });

  it("finds orphan spans, local and remote", () => {
    expect(check("orphan_span")).toMatchObject({ count: 2, traces: 2 });
    expect(kinds("orphan_span")).toEqual({ local_parent: 1, remote_parent: 1 });
    expect(check("orphan_span").examples.map((e) => [e.traceId, e.service])).toEqual([
      [web, "web"],
      [id("api"), "pricing-api"],
    ]);
  });

  it("finds a consumer that started a new trace without a link, its producer found by message id", () => {
    expect(check("queue_split")).toMatchObject({ count: 1, recoverable: 1 });
    expect(check("queue_split").examples).toEqual([
      expect.objectContaining({
        traceId: id("split"),
        relatedTraceId: id("shop"),
        service: "mailer",
        detail: `c-1: message m-1 published by shop in trace ${id("shop")}`,
      }),
    ]);
    expect(section.consumerRoots).toEqual({ total: 3, linked: 1, split: 1, producerNotFound: 1 });
  });

  it("finds the retry that started a new trace, not retries inside a trace or other tenants' calls", () => {
    expect(check("retry_new_trace")).toMatchObject({ count: 1, kinds: [{ kind: "rate_limited", count: 1 }] });
    expect(check("retry_new_trace").examples).toEqual([
      expect.objectContaining({
        traceId: id("retry"),
        relatedTraceId: id("fail"),
        service: "digest",
        detail: `gpt-4o attempt after a rate_limited in trace ${id("fail")} 1.5 s earlier`,
      }),
    ]);
  });

  it("finds log lines whose trace id matches no trace", () => {
    expect(kinds("log_unknown_trace")).toEqual({ unknown: 1, gateway_only: 1 });
    expect(
      check("log_unknown_trace")
        .services.map((s) => s.service)
        .sort(),
    ).toEqual(["gateway-client", "notifier"]);
  });
});
