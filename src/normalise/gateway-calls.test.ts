import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gatewayRow } from "../../test/helpers/gateway.js";
import { DEFAULT_CONTRACT } from "../contract/default.js";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import type { GatewayRow } from "../record/gateway.js";
import { normaliseNewCalls } from "./index.js";

let engine: ChdbEngine;
beforeAll(async () => {
  engine = await ChdbEngine.open();
});
afterAll(async () => {
  await engine.close();
});
beforeEach(async () => {
  await engine.exec(sql("TRUNCATE TABLE gateway_rows"));
  await engine.exec(sql("TRUNCATE TABLE llm_calls"));
});

type Row = Record<string, unknown>;

async function calls(...rows: Partial<GatewayRow>[]): Promise<Row[]> {
  await engine.insert(
    "gateway_rows",
    rows.map((r, i) => gatewayRow({ source_line: i + 1, ...r })),
  );
  await normaliseNewCalls(engine, DEFAULT_CONTRACT);
  return engine.query(
    sql(
      "SELECT *, toString(toUnixTimestamp64Nano(start_time)) AS start_ns FROM llm_calls ORDER BY source_line",
    ),
  );
}

describe("gateway calls", () => {
  it("splits OpenAI-style inclusive prompt tokens into exclusive buckets", async () => {
    const [row] = await calls({
      prompt_tokens: 1149,
      cache_read_tokens: 1024,
      cache_write_tokens: 0,
      completion_tokens: 353,
      total_tokens: 1502,
      spend: 0.000225,
    });
    expect(row).toMatchObject({
      input_tokens: 1149,
      uncached_input_tokens: 125,
      cache_read_tokens: 1024,
      cache_write_tokens: 0,
      output_tokens: 353,
      total_tokens: 1502,
      reasoning_tokens: null,
      reported_cost: 0.000225,
    });
  });

  it("reads models, ids, times and the key hash of a LiteLLM row", async () => {
    const [row] = await calls({
      request_id: "chatcmpl-2283081b",
      model: "gpt-4o-2024-08-06",
      model_group: "gpt-4o",
      provider: "bedrock",
      api_key_hash: "88DC28D0F030C55ED4AB77ED8FAF098196CB1C05DF778539800C9F1243FE6B4B",
      stream: true,
    });
    expect(row).toMatchObject({
      call_key: "gateway:chatcmpl-2283081b",
      source: "gateway",
      span_name: "acompletion",
      operation: "chat",
      request_model: "gpt-4o",
      response_model: "gpt-4o-2024-08-06",
      provider: "aws.bedrock",
      response_id: "chatcmpl-2283081b",
      request_id: "chatcmpl-2283081b",
      stream: true,
      status: "ok",
      key_hash: "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
      start_ns: "1737710446847371000",
    });
    expect(row?.input_tokens).toBeNull();
  });

  it("maps cache hits and failures to call statuses", async () => {
    const failure = (cls: string, code: string): Partial<GatewayRow> => ({
      status: "failure",
      attributes: { "metadata.error_information": JSON.stringify({ error_class: cls, error_code: code }) },
    });
    const rows = await calls(
      { request_id: "a", cache_hit: true },
      { request_id: "b", ...failure("RateLimitError", "429") },
      { request_id: "c", ...failure("BadRequestError", "400") },
      { request_id: "d", ...failure("Timeout", "") },
      { request_id: "e", status: "500" },
      { request_id: "f", status: "200" },
    );
    expect(rows.map((r) => [r.request_id, r.status, r.error_type])).toEqual([
      ["a", "cache_hit", null],
      ["b", "rate_limited", "RateLimitError"],
      ["c", "validation_error", "BadRequestError"],
      ["d", "timeout", "Timeout"],
      ["e", "provider_error", null],
      ["f", "ok", null],
    ]);
  });

  it("reads identity from LiteLLM columns, metadata JSON and Helicone properties", async () => {
    const rows = await calls(
      {
        attributes: {
          team_id: "team-search",
          end_user: "",
          user: "internal-user",
          session_id: "9f1c7e52-random",
          "metadata.spend_logs_metadata": JSON.stringify({ tenant_id: "acme", feature: "autocomplete" }),
          agent_id: "support-bot",
        },
      },
      {
        source_format: "helicone",
        attributes: { "properties.tenant-id": "globex", "properties.team": "billing" },
      },
    );
    expect(rows.map((r) => [r.tenant, r.team, r.workload, r.feature])).toEqual([
      ["acme", "team-search", "support-bot", "autocomplete"],
      ["globex", "billing", null, null],
    ]);
    expect(rows[0]?.identity_keys).toEqual({
      tenant: "metadata.spend_logs_metadata.tenant_id",
      team: "team_id",
      workload: "agent_id",
      feature: "metadata.spend_logs_metadata.feature",
    });
  });

  it("adds each row once; the same request in another file is another row", async () => {
    await calls({ request_id: "r1" });
    expect(await normaliseNewCalls(engine, DEFAULT_CONTRACT)).toEqual({ span: 0, gateway: 0, capture: 0 });
    await engine.insert("gateway_rows", [gatewayRow({ request_id: "r1", source_file: "other.csv" })]);
    expect(await normaliseNewCalls(engine, DEFAULT_CONTRACT)).toEqual({ span: 0, gateway: 1, capture: 0 });
  });
});
