import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { runAudit } from "./audit.js";
import { type DiffRow, readDiff } from "./diff.js";
import { traceId, World } from "./fixtures/world.js";

describe("per-call diff", () => {
  let engine: ChdbEngine;
  let rows: DiffRow[];
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    await new World()
      // d1: web-app -> ai-gateway -> litellm-proxy; the tenant is lost at the litellm hop.
      // Input 1005 vs 1000 is within 1%; output 190 vs 200 is 5% off.
      .span({
        trace: "d1",
        span: "app",
        service: "web-app",
        at: 0,
        llm: {
          model: "gpt-4o",
          responseModel: "gpt-4o-2024-08-06",
          responseId: "resp-d1",
          input: 1000,
          output: 200,
          identity: { tenant: "acme", team: "search", workload: "rank" },
        },
      })
      .span({
        trace: "d1",
        span: "gw",
        parent: "app",
        service: "ai-gateway",
        at: 0.1,
        dur: 0.8,
        attrs: { tenant_id: "acme" },
      })
      .span({ trace: "d1", span: "lite", parent: "gw", service: "litellm-proxy", at: 0.2, dur: 0.6 })
      .row({
        requestId: "resp-d1",
        at: 0.2,
        model: "gpt-4o",
        responseModel: "gpt-4o-2024-08-06",
        input: 1005,
        output: 190,
        cost: 1,
        identity: { team: "search", workload: "batch" },
      })
      // d2: an untraced caller.
      .row({ requestId: "req-d2", at: 5, input: 5, output: 5, cost: 0.1, identity: { tenant: "acme" } })
      // d3: a direct provider call, no ledger row.
      .span({
        trace: "d3",
        span: "d3",
        service: "scraper",
        at: 9,
        llm: { model: "gpt-4o-mini", input: 7, output: 3 },
      })
      .load(engine);
    await runAudit(engine);
    rows = await readDiff(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it("compares span and row field by field for a linked call", () => {
    expect(rows[0]).toEqual({
      callKey: "gateway:resp-d1",
      traceId: traceId("d1"),
      responseId: "resp-d1",
      servicePath: ["web-app", "ai-gateway", "litellm-proxy"],
      tenant: {
        span: "acme",
        row: null,
        match: false,
        mode: "gateway_header_filter",
        firstDivergence: "ai-gateway -> litellm-proxy",
      },
      team: { span: "search", row: "search", match: true, mode: null, firstDivergence: null },
      // present on both sides but different: a mismatch, not an untagged layer.
      workload: { span: "rank", row: "batch", match: false, mode: null, firstDivergence: null },
      requestModel: { span: "gpt-4o", row: "gpt-4o", match: true },
      responseModel: { span: "gpt-4o-2024-08-06", row: "gpt-4o-2024-08-06", match: true },
      inputTokens: { span: 1000, row: 1005, match: true },
      outputTokens: { span: 200, row: 190, match: false },
      mode: "gateway_header_filter",
      firstDivergence: "ai-gateway -> litellm-proxy",
    });
  });

  it("keeps untraced rows, with nothing to compare against", () => {
    expect(rows[1]).toMatchObject({
      callKey: "gateway:req-d2",
      traceId: null,
      servicePath: [],
      tenant: { span: null, row: "acme", match: null, mode: null },
      team: { span: null, row: null, match: null, mode: "no_trace", firstDivergence: "(untraced) -> ledger" },
      inputTokens: { span: null, row: 5, match: null },
      mode: "no_trace",
    });
  });

  it("lists calls outside the ledger last", () => {
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({
      traceId: traceId("d3"),
      servicePath: ["scraper"],
      requestModel: { span: "gpt-4o-mini", row: null, match: null },
      outputTokens: { span: 3, row: null, match: null },
      mode: "gateway_bypass",
    });
  });
});
