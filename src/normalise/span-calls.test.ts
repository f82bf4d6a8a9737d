import { describe, expect, it } from "vitest";
import { spanCalls, useEngine } from "../../test/helpers/engine.js";
import { type SpanSpec, spanRow } from "../../test/helpers/spans.js";
import { DEFAULT_CONTRACT } from "../contract/default.js";
import { normaliseNewCalls } from "./index.js";

const engine = useEngine();
type Row = Record<string, unknown>;
const calls = (...specs: SpanSpec[]): Promise<Row[]> => spanCalls(engine(), ...specs);

async function one(spec: SpanSpec): Promise<Row> {
  const rows = await calls(spec);
  expect(rows).toHaveLength(1);
  return rows[0] as Row;
}

const buckets = (r: Row) => ({
  input: r.input_tokens,
  uncached: r.uncached_input_tokens,
  read: r.cache_read_tokens,
  write: r.cache_write_tokens,
  output: r.output_tokens,
});

describe("token buckets", () => {
  it("reads Anthropic cache counts from Vercel provider metadata: 7 + 16399 + 2089 = 18495", async () => {
    const row = await one({
      spanId: "a000000000000001",
      name: "bedrock-generation",
      attrs: {
        "gen_ai.usage.input_tokens": 18495,
        "gen_ai.usage.output_tokens": 445,
        "ai.usage.cachedInputTokens": "16399",
        "ai.response.providerMetadata": JSON.stringify({
          anthropic: {
            usage: { input_tokens: 7, cache_read_input_tokens: 16399 },
            cacheCreationInputTokens: 2089,
          },
        }),
      },
    });
    expect(buckets(row)).toEqual({ input: 18495, uncached: 7, read: 16399, write: 2089, output: 445 });
    expect(row.provider).toBe("anthropic");
  });

  it("adds cache to Langfuse usage_details.input, which excludes it", async () => {
    const usage = { input: 70, input_cached_tokens: 20, input_cache_creation: 10, output: 40, total: 140 };
    const row = await one({
      spanId: "a000000000000002",
      attrs: {
        "langfuse.observation.type": "generation",
        "langfuse.observation.usage_details": JSON.stringify(usage),
      },
    });
    expect(buckets(row)).toEqual({ input: 100, uncached: 70, read: 20, write: 10, output: 40 });
    expect(row.total_tokens).toBe(140);
  });

  it("keeps OTel input inclusive and splits the cache read out of it", async () => {
    const row = await one({
      spanId: "a000000000000003",
      attrs: {
        "gen_ai.operation.name": "chat",
        "gen_ai.usage.input_tokens": 1149,
        "gen_ai.usage.cache_read.input_tokens": 1024,
        "gen_ai.usage.output_tokens": 353,
      },
    });
    expect(buckets(row)).toEqual({ input: 1149, uncached: 125, read: 1024, write: null, output: 353 });
  });

  it("reads the flat LiteLLM spellings and the OpenInference prompt details", async () => {
    const rows = await calls(
      {
        spanId: "a000000000000004",
        attrs: {
          "gen_ai.usage.input_tokens": 100,
          "gen_ai.usage.output_tokens": 40,
          "gen_ai.usage.cache_read_input_tokens": 20,
          "gen_ai.usage.cache_creation_input_tokens": 10,
        },
      },
      {
        spanId: "a000000000000005",
        attrs: {
          "llm.token_count.prompt": 50000,
          "llm.token_count.completion": 200,
          "llm.token_count.prompt_details.cache_read": 40000,
          "llm.token_count.prompt_details.cache_write": 5000,
        },
      },
    );
    expect(rows.map(buckets)).toEqual([
      { input: 100, uncached: 70, read: 20, write: 10, output: 40 },
      { input: 50000, uncached: 5000, read: 40000, write: 5000, output: 200 },
    ]);
  });

  it("reads an 'inclusive' count smaller than its own cache parts as exclusive", async () => {
    const row = await one({
      spanId: "a000000000000006",
      attrs: {
        "gen_ai.system": "anthropic",
        "gen_ai.usage.input_tokens": 7,
        "gen_ai.usage.cache_read.input_tokens": 16399,
        "gen_ai.usage.output_tokens": 5,
      },
    });
    expect(buckets(row)).toEqual({ input: 16406, uncached: 7, read: 16399, write: null, output: 5 });
  });

  it("leaves unstated usage null, never 0", async () => {
    const row = await one({
      spanId: "a000000000000007",
      name: "OpenAI Chat Completions",
      attrs: {
        "openinference.span.kind": "LLM",
        "llm.model_name": "gpt-4o-mini",
        "llm.invocation_parameters": '{"model":"gpt-4o-mini","stream":true}',
      },
    });
    expect(buckets(row)).toEqual({ input: null, uncached: null, read: null, write: null, output: null });
    expect([row.reasoning_tokens, row.total_tokens, row.reported_cost]).toEqual([null, null, null]);
    expect(row.stream).toBe(true);
  });

  it("reads Vercel v5+ usage names, reasoning included in output", async () => {
    const row = await one({
      spanId: "a000000000000008",
      name: "ai.streamText.doStream",
      attrs: {
        "ai.usage.inputTokens": 3,
        "ai.usage.inputTokenDetails.cacheReadTokens": 0,
        "ai.usage.inputTokenDetails.cacheWriteTokens": 0,
        "ai.usage.outputTokens": 10,
        "ai.usage.reasoningTokens": 10,
        "ai.usage.totalTokens": 13,
      },
    });
    expect(buckets(row)).toEqual({ input: 3, uncached: 3, read: 0, write: 0, output: 10 });
    expect([row.reasoning_tokens, row.total_tokens, row.stream]).toEqual([10, 13, true]);
  });
});

describe("which spans are calls", () => {
  const trace = "5bf92f3577b34da6a3ce929d0e0e4736";
  const usage = { "ai.usage.promptTokens": 125, "ai.usage.completionTokens": 27 };

  it("counts Vercel doGenerate steps, not the ai.generateText root nor ai.toolCall", async () => {
    const rows = await calls(
      {
        traceId: trace,
        spanId: "b000000000000001",
        name: "ai.generateText",
        attrs: { ...usage, "ai.operationId": "ai.generateText" },
      },
      {
        traceId: trace,
        spanId: "b000000000000002",
        parentSpanId: "b000000000000001",
        name: "ai.generateText.doGenerate",
        attrs: usage,
      },
      {
        traceId: trace,
        spanId: "b000000000000003",
        parentSpanId: "b000000000000001",
        name: "ai.toolCall",
        attrs: { "ai.toolCall.name": "get_weather" },
      },
    );
    expect(rows.map((r) => [r.span_id, r.stream, r.operation])).toEqual([
      ["b000000000000002", false, "chat"],
    ]);
  });

  it("never counts agent, workflow, chain or tool spans, whatever usage they carry", async () => {
    const rows = await calls(
      {
        spanId: "b000000000000004",
        name: "invoke_agent weather",
        attrs: { "gen_ai.operation.name": "invoke_agent", "gen_ai.usage.input_tokens": 182 },
      },
      {
        spanId: "b000000000000005",
        name: "Agent",
        attrs: { "openinference.span.kind": "AGENT", "llm.token_count.prompt": 10 },
      },
      {
        spanId: "b000000000000006",
        name: "wf",
        attrs: { "traceloop.span.kind": "workflow", "gen_ai.usage.input_tokens": 5 },
      },
      {
        spanId: "b000000000000007",
        name: "my-span",
        attrs: { "langfuse.observation.type": "span", "gen_ai.request.model": "gpt-4o" },
      },
      { spanId: "b000000000000008", name: "raw_gen_ai_request", attrs: { "gen_ai.usage.input_tokens": 5 } },
    );
    expect(rows).toEqual([]);
  });

  it("counts an unmarked span that states a model or usage, unless it sums a call child", async () => {
    const rows = await calls(
      {
        traceId: trace,
        spanId: "b000000000000009",
        name: "chat_completion",
        attrs: { "gen_ai.response.model": "gpt-4-0613" },
      },
      {
        traceId: trace,
        spanId: "b00000000000000a",
        name: "agent step",
        attrs: { "gen_ai.usage.input_tokens": 300 },
      },
      {
        traceId: trace,
        spanId: "b00000000000000b",
        parentSpanId: "b00000000000000a",
        name: "chat gpt-4o",
        attrs: { "gen_ai.operation.name": "chat", "gen_ai.usage.input_tokens": 300 },
      },
    );
    expect(rows.map((r) => r.span_id)).toEqual(["b000000000000009", "b00000000000000b"]);
  });

  it("keeps a span without markers that repeats its child's response id (a hop of the same call)", async () => {
    const id = { "gen_ai.response.id": "chatcmpl-1", "gen_ai.request.model": "gpt-4o" };
    const rows = await calls(
      { traceId: trace, spanId: "b00000000000000c", name: "POST /v1/chat", service: "ai-gateway", attrs: id },
      {
        traceId: trace,
        spanId: "b00000000000000d",
        parentSpanId: "b00000000000000c",
        name: "litellm_request",
        service: "litellm",
        attrs: id,
      },
    );
    expect(rows.map((r) => r.span_id)).toEqual(["b00000000000000c", "b00000000000000d"]);
  });

  it("adds each span once, however often it runs", async () => {
    await engine().insert("otel_traces", [
      spanRow({ spanId: "b00000000000000e", attrs: { "gen_ai.operation.name": "chat" } }),
    ]);
    expect(await normaliseNewCalls(engine(), DEFAULT_CONTRACT)).toEqual({ span: 1, gateway: 0, capture: 0 });
    expect(await normaliseNewCalls(engine(), DEFAULT_CONTRACT)).toEqual({ span: 0, gateway: 0, capture: 0 });
  });
});
