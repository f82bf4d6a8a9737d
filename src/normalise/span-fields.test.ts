import { describe, expect, it } from "vitest";
import { spanCalls, useEngine } from "../../test/helpers/engine.js";
import { type SpanSpec, spanRow } from "../../test/helpers/spans.js";
import { DEFAULT_CONTRACT } from "../contract/default.js";
import type { IdentityContract } from "../contract/types.js";
import { sql } from "../engine/sql.js";
import { normaliseNewCalls } from "./index.js";
import { spanCallsInsert } from "./span-calls.js";

const engine = useEngine();
type Row = Record<string, unknown>;
const calls = (...specs: SpanSpec[]): Promise<Row[]> => spanCalls(engine(), ...specs);

async function one(spec: SpanSpec): Promise<Row> {
  const rows = await calls(spec);
  expect(rows).toHaveLength(1);
  return rows[0] as Row;
}

describe("models, provider, response id", () => {
  it("takes OpenInference's request model from invocation parameters and the response from output.value", async () => {
    const rows = await calls(
      {
        spanId: "c000000000000001",
        attrs: {
          "openinference.span.kind": "LLM",
          "llm.model_name": "gpt-4o-mini-2024-07-18",
          "llm.invocation_parameters": '{"model":"gpt-4o-mini"}',
          "output.value":
            '{"id":"chatcmpl-BuD8m","object":"chat.completion","model":"gpt-4o-mini-2024-07-18"}',
          "llm.provider": "openai",
        },
      },
      {
        spanId: "c000000000000002",
        attrs: {
          "openinference.span.kind": "LLM",
          "llm.model_name": "gpt-4o-mini",
          "llm.invocation_parameters": '{"model":"gpt-4o-mini"}',
        },
      },
    );
    expect(rows.map((r) => [r.request_model, r.response_model, r.response_id, r.provider])).toEqual([
      ["gpt-4o-mini", "gpt-4o-mini-2024-07-18", "chatcmpl-BuD8m", "openai"],
      ["gpt-4o-mini", null, null, null],
    ]);
  });

  it.each([
    ["gen_ai.system", "OpenAI", "openai"],
    ["gen_ai.system", "openai.chat", "openai"],
    ["ai.model.provider", "anthropic.messages", "anthropic"],
    ["gen_ai.provider.name", "aws.bedrock", "aws.bedrock"],
    ["ai.model.provider", "amazon-bedrock", "aws.bedrock"],
    ["llm.provider", "google", "gcp.gemini"],
    ["gen_ai.system", "Unknown", null],
  ])("canonicalises %s=%s as %s", async (key, value, provider) => {
    const row = await one({
      spanId: "c000000000000003",
      attrs: { "gen_ai.operation.name": "chat", [key]: value },
    });
    expect(row.provider).toBe(provider);
  });

  it("maps operation spellings and reads the stream flag of each convention", async () => {
    const rows = await calls(
      {
        spanId: "c000000000000004",
        attrs: { "llm.request.type": "completion", "llm.is_streaming": "false" },
      },
      {
        spanId: "c000000000000005",
        attrs: { "gen_ai.operation.name": "chat", "gen_ai.request.is_stream": "True" },
      },
      { spanId: "c000000000000006", attrs: { "openinference.span.kind": "EMBEDDING" } },
    );
    expect(rows.map((r) => [r.operation, r.stream])).toEqual([
      ["text_completion", false],
      ["chat", true],
      ["embeddings", null],
    ]);
  });
});

describe("status", () => {
  const chat = { "gen_ai.operation.name": "chat" };
  it.each<[string, Partial<SpanSpec>, string, string | null]>([
    ["OTel UNSET", {}, "ok", null],
    [
      "404 NotFoundError",
      {
        status: "Error",
        statusMessage: "404 The model does not exist",
        attrs: { ...chat, "error.type": "NotFoundError" },
      },
      "validation_error",
      "NotFoundError",
    ],
    [
      "HTTP 429",
      { status: "Error", attrs: { ...chat, "http.response.status_code": 429 } },
      "rate_limited",
      null,
    ],
    [
      "RateLimitError",
      { status: "Error", attrs: { ...chat, "error.type": "RateLimitError" } },
      "rate_limited",
      "RateLimitError",
    ],
    [
      "timeout",
      { status: "Error", attrs: { ...chat, "error.type": "APITimeoutError" } },
      "timeout",
      "APITimeoutError",
    ],
    ["HTTP 503", { status: "Error", statusMessage: "503 Service Unavailable" }, "provider_error", null],
    [
      "aborted stream",
      { status: "Error", attrs: { ...chat, "error.type": "AbortError" } },
      "client_cancelled",
      "AbortError",
    ],
    [
      "Langfuse level ERROR",
      { attrs: { ...chat, "langfuse.observation.level": "ERROR" } },
      "provider_error",
      null,
    ],
    [
      "Vercel exception event",
      {
        status: "Error",
        name: "ai.generateText.doGenerate",
        events: [{ name: "exception", attrs: { "exception.type": "AI_APICallError" } }],
      },
      "provider_error",
      "AI_APICallError",
    ],
  ])("%s", async (_, spec, status, errorType) => {
    const row = await one({ spanId: "d000000000000001", attrs: chat, ...spec });
    expect([row.status, row.error_type]).toEqual([status, errorType]);
  });
});

describe("identity, key hash and cost", () => {
  it("reads contract keys under prefixes, in headers, JSON metadata and resource attributes", async () => {
    const row = await one({
      spanId: "e000000000000001",
      resource: { "feature.id": "summaries" },
      attrs: {
        "gen_ai.operation.name": "chat",
        "app.tenant_id": "acme",
        "user.id": "u-1",
        "http.request.header.x-team-id": '["search"]',
        "metadata.spend_logs_metadata": "{'workflow_id': 'nightly-digest', 'x': None}",
        metadata: '{"project_id": "p-7"}',
        "metadata.user_api_key_hash": "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
        "llm.cost.total": 0.00023,
      },
    });
    expect([row.tenant, row.team, row.workload, row.project, row.feature]).toEqual([
      "acme",
      "search",
      "nightly-digest",
      "p-7",
      "summaries",
    ]);
    expect(row.identity_keys).toEqual({
      tenant: "app.tenant_id",
      team: "http.request.header.x-team-id",
      workload: "metadata.spend_logs_metadata.workflow_id",
      project: "metadata.project_id",
      feature: "resource.feature.id",
    });
    expect([row.key_hash, row.reported_cost]).toEqual([
      "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
      0.00023,
    ]);
  });

  it("skips values that say nothing and falls back to the next key", async () => {
    const row = await one({
      spanId: "e000000000000002",
      attrs: {
        "gen_ai.operation.name": "chat",
        tenant_id: "unknown",
        "ai.telemetry.metadata.userId": "user-42",
        team_id: " ",
        "session.id": "s-1",
      },
    });
    expect([row.tenant, row.team, row.workload]).toEqual(["user-42", null, "s-1"]);
    expect(row.identity_keys).toEqual({ tenant: "ai.telemetry.metadata.userId", workload: "session.id" });
  });

  it("binds contract keys instead of splicing them into SQL", async () => {
    const key = "squad'); DROP TABLE llm_calls; --";
    const contract: IdentityContract = {
      ...DEFAULT_CONTRACT,
      keys: { ...DEFAULT_CONTRACT.keys, team: [key] },
    };
    const statement = spanCallsInsert(contract);
    expect(statement.text).not.toContain("squad");
    expect(Object.values(statement.params).flat()).toContain(key);
    await engine().insert("otel_traces", [
      spanRow({
        spanId: "e000000000000003",
        attrs: { "gen_ai.operation.name": "chat", [`app.${key}`]: "payments" },
      }),
    ]);
    await normaliseNewCalls(engine(), contract);
    const rows = await engine().query<{ team: string }>(sql("SELECT team FROM llm_calls"));
    expect(rows).toEqual([{ team: "payments" }]);
  });
});
