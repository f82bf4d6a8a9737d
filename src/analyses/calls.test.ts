import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayRow } from "../../test/helpers/gateway.js";
import { spanRow } from "../../test/helpers/spans.js";
import { DEFAULT_CONTRACT } from "../contract/default.js";
import { ChdbEngine } from "../engine/chdb.js";
import { SpendtrailError } from "../errors.js";
import { normaliseNewCalls } from "../normalise/index.js";
import { callsQuery } from "./calls.js";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const usage = { "gen_ai.usage.input_tokens": 57, "gen_ai.usage.output_tokens": 46 };

let engine: ChdbEngine;
beforeAll(async () => {
  engine = await ChdbEngine.open();
  // One call seen three times: the SDK span, an internal gateway's span and LiteLLM's span.
  await engine.insert("otel_traces", [
    spanRow({
      traceId: TRACE,
      spanId: "1000000000000001",
      service: "checkout-api",
      start: "2026-11-23 11:56:40.527000000",
      durationNs: 30_000_000,
      attrs: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.id": "chatcmpl-A",
        "app.tenant_id": "acme",
      },
    }),
    spanRow({
      traceId: TRACE,
      spanId: "1000000000000002",
      parentSpanId: "1000000000000001",
      service: "ai-gateway",
      start: "2026-11-23 11:56:40.528000000",
      durationNs: 20_000_000,
      attrs: { "gen_ai.operation.name": "chat", "gen_ai.response.id": "chatcmpl-A", ...usage },
    }),
    spanRow({
      traceId: TRACE,
      spanId: "1000000000000003",
      parentSpanId: "1000000000000002",
      service: "litellm-proxy",
      name: "litellm_request",
      start: "2026-11-23 11:56:40.529000000",
      durationNs: 10_000_000,
      attrs: {
        "gen_ai.response.id": "chatcmpl-A",
        "metadata.user_api_key_team_id": "team-checkout",
        ...usage,
      },
    }),
    // Another call in the same trace, without a response id.
    spanRow({
      traceId: TRACE,
      spanId: "1000000000000004",
      service: "checkout-api",
      start: "2026-11-23 11:56:41.000000000",
      status: "Error",
      attrs: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "error.type": "RateLimitError",
      },
    }),
  ]);
  await engine.insert("gateway_rows", [
    gatewayRow({ request_id: "chatcmpl-A", start_time: "2026-11-23 11:56:40.529000" }),
    gatewayRow({
      request_id: "chatcmpl-B",
      source_line: 2,
      model: "claude-3-5-sonnet",
      provider: "anthropic",
      start_time: "2026-11-23 11:57:00.000000",
    }),
  ]);
  await normaliseNewCalls(engine, DEFAULT_CONTRACT);
});
afterAll(async () => {
  await engine.close();
});

describe("callsQuery", () => {
  it("merges the spans of one call, keeps calls without a response id apart, and adds gateway-only calls", async () => {
    const rows = await engine.query<Record<string, unknown>>(callsQuery({}));
    expect(
      rows.map((r) => [r.source, r.response_id, r.call_site_span_id, r.service_path, r.hops, r.gateway_rows]),
    ).toEqual([
      ["gateway", "chatcmpl-B", "", "", 0, 1],
      ["span", null, "1000000000000004", "checkout-api", 0, 0],
      ["span", "chatcmpl-A", "1000000000000001", "checkout-api -> ai-gateway -> litellm-proxy", 2, 1],
    ]);
    const merged = rows[2] as Record<string, unknown>;
    expect(merged).toMatchObject({
      service: "checkout-api",
      request_model: "gpt-4o-mini",
      input_tokens: 57,
      output_tokens: 46,
      tenant: "acme",
      team: "team-checkout",
      status: "ok",
    });
  });

  it("filters with bound values and limits", async () => {
    const run = (where: Record<string, string>, limit?: number) =>
      engine.query<{ call_id: string }>(callsQuery(limit === undefined ? { where } : { where, limit }));
    expect((await run({ team: "team-checkout" })).map((r) => r.call_id)).toEqual([
      `span:${TRACE}:chatcmpl-A`,
    ]);
    expect((await run({ service: "litellm-proxy" })).length).toBe(1);
    expect((await run({ model: "gpt-4o" })).map((r) => r.call_id)).toEqual([
      `span:${TRACE}:1000000000000004`,
    ]);
    expect((await run({ status: "rate_limited", trace_id: TRACE })).length).toBe(1);
    expect((await run({ provider: "anthropic", source: "gateway" })).length).toBe(1);
    expect((await run({}, 1)).length).toBe(1);
    expect((await run({ tenant: "x'); DROP TABLE llm_calls; --" })).length).toBe(0);
  });

  it("binds filter values instead of splicing them, and refuses unknown filters", () => {
    const query = callsQuery({ where: { team: "o'brien" }, limit: 5 });
    expect(query.text).not.toContain("o'brien");
    expect(query.params).toMatchObject({ f_team: "o'brien", limit: 5 });
    expect(() => callsQuery({ where: { colour: "red" } })).toThrow(SpendtrailError);
  });
});
