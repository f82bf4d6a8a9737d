import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { captureRow, logRow } from "./fixtures/evidence.js";
import { BASE_MS, spanId, traceId, World } from "./fixtures/world.js";
import { hashReportIdentities } from "./hashIdentities.js";
import { buildTimeline, buildTimelines, type Timeline } from "./timeline.js";
import { renderTimelineHtml, renderTimelineText, timelineAnchor } from "./timelineRender.js";
import { resolveTraceId } from "./traceResolve.js";

// One support request through three services, a ledger and a proxy: the first attempt is
// rate limited, the retry is served by a fallback model and its ledger row lost the tenant;
// the reply is queued and a worker picks it up in a new trace.
const REQ = traceId("support-request1");
const WORKER = traceId("email-worker-001");
const ACME = { tenant: "acme", team: "support", workload: "ticket-reply" };
const attrs = { "app.tenant_id": "acme", "app.team_id": "support", "app.workflow_id": "ticket-reply" };

function world(): World {
  return new World()
    .span({
      trace: "support-request1",
      span: "root",
      service: "support-bot",
      kind: "Server",
      name: "POST /api/reply",
      at: 0,
      dur: 6,
      attrs,
    })
    .span({
      trace: "support-request1",
      span: "llm-1",
      parent: "root",
      service: "support-bot",
      name: "chat gpt-4o",
      at: 0.1,
      dur: 0.4,
      status: "Error",
      attrs,
      llm: {
        model: "gpt-4o",
        status: "rate_limited",
        responseId: "resp-1",
        identity: ACME,
        input: null,
        output: null,
      },
    })
    .span({
      trace: "support-request1",
      span: "hop-1",
      parent: "llm-1",
      service: "ai-gateway",
      kind: "Server",
      name: "POST /v1/chat/completions",
      at: 0.12,
      dur: 0.3,
      attrs: { "http.request.header.x-tenant-id": '["acme"]' },
    })
    .span({
      trace: "support-request1",
      span: "llm-2",
      parent: "root",
      service: "support-bot",
      name: "chat gpt-4o",
      at: 2,
      dur: 3,
      attrs,
      llm: {
        model: "gpt-4o",
        responseModel: "gpt-4o-mini-2024-07-18",
        responseId: "resp-2",
        identity: ACME,
        input: 1200,
        output: 300,
      },
    })
    .span({
      trace: "support-request1",
      span: "pub",
      parent: "root",
      service: "support-bot",
      kind: "Producer",
      name: "replies publish",
      at: 5.5,
      dur: 0.01,
      attrs: { "messaging.message.id": "msg-77" },
    })
    .span({
      trace: "email-worker-001",
      span: "consume",
      service: "mailer",
      kind: "Consumer",
      name: "replies process",
      at: 9,
      dur: 1,
      attrs: { "messaging.message.id": "msg-77", "tenant.id": "acme" },
    })
    .row({
      requestId: "resp-1",
      trace: "support-request1",
      at: 0.13,
      dur: 0.2,
      status: "rate_limited",
      input: null,
      output: null,
      identity: ACME,
      keyHash: "ab".repeat(32),
    })
    .row({
      requestId: "resp-2",
      at: 2.1,
      dur: 2.8,
      model: "gpt-4o",
      responseModel: "gpt-4o-mini-2024-07-18",
      input: 1200,
      output: 300,
      cost: 0.00036,
      identity: { team: "support", workload: "ticket-reply" },
      keyHash: "ab".repeat(32),
    })
    .key("ab".repeat(32), "support");
}

describe("spendtrail trace: the timeline of one request", () => {
  let engine: ChdbEngine;
  let timeline: Timeline;

  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await world().load(engine);
    for (const table of ["app_logs", "captures"]) await engine.exec(sql(`TRUNCATE TABLE ${table}`));
    await engine.insert("app_logs", [
      logRow(
        {
          line: 1,
          at: 0.01,
          service: "support-bot",
          traceId: REQ,
          event: "reply.started",
          identity: { tenant_id: "acme" },
        },
        BASE_MS,
      ),
      logRow(
        {
          line: 2,
          at: 0.5,
          service: "support-bot",
          traceId: `${REQ.slice(0, 16)}\u2026`,
          level: "error",
          status: "429",
        },
        BASE_MS,
      ),
      logRow({ line: 3, at: 0.6, service: "other", traceId: traceId("another-trace-01") }, BASE_MS),
    ]);
    await engine.insert("captures", [
      captureRow(
        {
          entry: 1,
          at: 2.2,
          host: "api.openai.com",
          response_id: "resp-2",
          request_model: "gpt-4o",
          response_model: "gpt-4o-mini-2024-07-18",
          headers: { "x-tenant-id": "acme" },
        },
        BASE_MS,
      ),
    ]);
    timeline = await buildTimeline(engine, REQ);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("puts spans, log lines, gateway rows and captures in time order with the identity at each step", () => {
    const rows = timeline.events.map((e) => [
      e.offsetMs,
      e.source,
      e.service,
      e.operation,
      e.status,
      e.depth,
      `${e.identity.tenant}/${e.identity.team}/${e.identity.workload}`,
    ]);
    expect(rows).toEqual([
      [0, "span", "support-bot", "POST /api/reply", "", 0, "acme/support/ticket-reply"],
      [10, "log", "support-bot", "reply.started", "info", 0, "acme/null/null"],
      [100, "span", "support-bot", "chat gpt-4o", "rate_limited", 1, "acme/support/ticket-reply"],
      [120, "span", "ai-gateway", "POST /v1/chat/completions", "", 2, "acme/null/null"],
      [130, "gateway", "litellm-spendlogs", "ledger row", "rate_limited", 0, "acme/support/ticket-reply"],
      [500, "log", "support-bot", "log error", "429", 0, "null/null/null"],
      [2000, "span", "support-bot", "chat gpt-4o", "ok", 1, "acme/support/ticket-reply"],
      [2100, "gateway", "litellm-spendlogs", "ledger row", "ok", 0, "null/support/ticket-reply"],
      [2200, "capture", "api.openai.com", "POST /v1/chat/completions", "ok", 0, "acme/null/null"],
      [5500, "span", "support-bot", "replies publish", "", 1, "null/null/null"],
    ]);
    expect(timeline).toMatchObject({
      traceId: REQ,
      found: true,
      start: "2026-05-04 10:00:00.000000000",
      durationMs: 6000,
      counts: { span: 5, log: 2, gateway: 2, capture: 1 },
      services: ["support-bot", "ai-gateway", "litellm-spendlogs", "api.openai.com"],
    });
  });

  it("marks errors, retries, fallbacks, truncated ids and the queue hand-off", () => {
    const marked = timeline.events.filter((e) => e.marks.length > 0).map((e) => [e.offsetMs, e.marks]);
    expect(marked).toEqual([
      [100, ["error"]],
      [130, ["error"]],
      [500, ["error", "bad_trace_id"]],
      [2000, ["substitution", "retry"]],
      [2100, ["substitution", "retry"]],
      [2200, ["substitution"]],
      [5500, ["new_trace"]],
    ]);
    const publish = timeline.events.at(-1);
    expect(publish?.related).toEqual([{ relation: "message_to", traceId: WORKER, service: "mailer" }]);
    expect(timeline.events[6]?.detail).toBe(
      "gpt-4o -> gpt-4o-mini-2024-07-18, 1200 in / 300 out, response resp-2",
    );
    expect(timeline.events[7]?.detail).toBe(
      "gpt-4o -> gpt-4o-mini-2024-07-18, 1200 in / 300 out, key abababab..., reported $0.00036, request resp-2",
    );
  });

  it("names where the tenant was lost", () => {
    expect(timeline.losses).toEqual([
      { layer: "tenant", lastWith: "support-bot chat gpt-4o", firstWithout: "litellm-spendlogs ledger row" },
    ]);
  });

  it("shows the consumer's side: where its message came from", async () => {
    const worker = await buildTimeline(engine, WORKER);
    expect(worker.events.map((e) => [e.service, e.marks, e.related])).toEqual([
      ["mailer", ["new_trace"], [{ relation: "message_from", traceId: REQ, service: "support-bot" }]],
    ]);
  });

  it("renders text and an escaped HTML fragment", async () => {
    const text = renderTimelineText(timeline);
    expect(text.split("\n").slice(0, 5)).toEqual([
      `trace ${REQ}`,
      "2026-05-04 10:00:00.000000000 UTC, 6.00 s, 5 spans, 2 log lines, 2 gateway rows, 1 capture",
      "services: support-bot, ai-gateway, litellm-spendlogs, api.openai.com",
      "marks: error 3, retry 2, substitution 3, new_trace 1, bad_trace_id 1",
      "tenant lost: support-bot chat gpt-4o -> litellm-spendlogs ledger row",
    ]);
    expect(text).toContain(
      "+0.100s  span     support-bot          chat gpt-4o                  400 ms  rate_limited  acme/support/ticket-reply  ERROR\n" +
        "         gpt-4o, no usage, response resp-1\n",
    );
    expect(text).toContain("-/-/-                      ERROR BAD-TRACE-ID\n");
    const html = renderTimelineHtml({
      ...timeline,
      events: [{ ...timeline.events[0], service: "<b>x</b>" } as never],
    });
    expect(html).toContain(`id="${timelineAnchor(REQ)}"`);
    expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(html).not.toContain("<b>x");
    expect(renderTimelineText(await buildTimeline(engine, "f".repeat(32)))).toMatch(/nothing stored/);
  });

  it("builds the timelines of a report's example trace ids, once each", async () => {
    const list = await buildTimelines(engine, [REQ, null, "not-an-id", WORKER, REQ], { limit: 5 });
    expect(list.map((t) => [t.traceId, t.events.length])).toEqual([
      [REQ, 10],
      [WORKER, 1],
    ]);
    // Read together in one statement, each trace keeps exactly its own events and relations.
    expect(list).toEqual([await buildTimeline(engine, REQ), await buildTimeline(engine, WORKER)]);
    const hashed = hashReportIdentities({ timelines: list }).timelines;
    expect(hashed[1]?.events[0]?.identity.tenant).toMatch(/^h:/);
  });

  it("hashes identities on request", () => {
    const hashed = hashReportIdentities({ timeline }, { salt: "s" }).timeline;
    expect(hashed.events[0]?.identity.tenant).toMatch(/^h:[0-9a-f]{16}$/);
    expect(hashed.events[5]?.identity.tenant).toBeNull();
  });

  it("resolves trace ids in any spelling and unique prefixes", async () => {
    expect(await resolveTraceId(engine, REQ.toUpperCase())).toBe(REQ);
    expect(await resolveTraceId(engine, REQ.slice(0, 10))).toBe(REQ);
    expect(await resolveTraceId(engine, `00-${REQ}-${spanId("root")}-01`)).toBe(REQ);
    await expect(resolveTraceId(engine, "7375")).rejects.toThrow(/expected 32 hex digits/);
    await expect(resolveTraceId(engine, "ffffffffff")).rejects.toThrow(/no stored trace id starts with it/);
  });
});
