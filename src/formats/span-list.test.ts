import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readIntoMemory } from "./memory-sink.js";
import { syntheticId } from "./otel-ids.js";
import { sampleFromBytes } from "./source.js";
import { createSpanListReader, spanListReader } from "./span-list.js";

const fixture = (name: string) => join(import.meta.dirname, "fixtures", "span-list", name);
const corpusDir = join(import.meta.dirname, "..", "..", "..", "shared", "corpus");
const corpus = (name: string) => join(corpusDir, name);
const reader = spanListReader;

describe("span-list detection", () => {
  it("claims arrays of spans and single span objects", async () => {
    const scores = async (name: string) =>
      reader.detect(sampleFromBytes(name, await readFile(fixture(name))));
    expect(await scores("otel-js-readable-spans.json")).toBe(80);
    expect(await scores("vercel-generate-text-snapshot.json")).toBe(80);
    expect(await scores("python-to-json.json")).toBe(80);
    expect(await scores("truncated.json")).toBe(80);
    expect(await scores("console-exporter-span.json")).toBe(60);
  });

  it("leaves OTLP documents, Jaeger, Langfuse exports and attribute maps alone", () => {
    const texts = [
      '{"resourceSpans":[]}',
      '[{"resource":{"attributes":[]},"scopeSpans":[{"spans":[{"name":"x","attributes":[]}]}]}]',
      '{"data":[{"traceID":"ab","spans":[{"spanID":"cd","operationName":"x"}]}]}',
      '{"trace":{"id":"a"},"observations":[]}',
      '{"gen_ai.request.model":"gpt-4","gen_ai.usage.input_tokens":97}',
    ];
    for (const text of texts)
      expect(reader.detect(sampleFromBytes("x.json", Buffer.from(text))), text).toBe(0);
  });
});

describe("span-list reading", () => {
  it("reads OTel JS ReadableSpan JSON: hrtime, JS kind enum, parentSpanContext, resource", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("otel-js-readable-spans.json"));
    expect(counts).toEqual({ read: 2, skipped: 0 });
    expect(sink.issues).toEqual([]);
    expect(sink.spanRows[0]).toMatchObject({ SpanKind: "Internal", ParentSpanId: "", Duration: "26296397" });
    expect(sink.spanRows[1]).toEqual({
      Timestamp: "2026-11-23 11:56:40.527000000",
      TraceId: "bc8c0c6cc99c063a1d0dbad0d9010e1b",
      SpanId: "7f335b76cf0962d2",
      ParentSpanId: "e28258e368536c8b",
      TraceState: "",
      SpanName: "chat gpt-4o-mini",
      SpanKind: "Client",
      ServiceName: "weather-assistant",
      ResourceAttributes: {
        "service.name": "weather-assistant",
        "telemetry.sdk.language": "nodejs",
        "telemetry.sdk.name": "opentelemetry",
        "telemetry.sdk.version": "2.0.1",
      },
      ScopeName: "@opentelemetry/instrumentation-openai",
      ScopeVersion: "0.21.0",
      SpanAttributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.system": "openai",
        "server.address": "api.openai.com",
        "server.port": "443",
        "gen_ai.response.finish_reasons": '["tool_calls"]',
        "gen_ai.response.id": "chatcmpl-BuD8m8M1LxtToLHmXvOoBpgYXhQjS",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.usage.input_tokens": "57",
        "gen_ai.usage.output_tokens": "46",
      },
      Duration: "19608159",
      StatusCode: "Unset",
      StatusMessage: "",
      "Events.Timestamp": [],
      "Events.Name": [],
      "Events.Attributes": [],
      "Links.TraceId": [],
      "Links.SpanId": [],
      "Links.TraceState": [],
      "Links.Attributes": [],
    });
  });

  it("reads Python span.to_json(): 0x ids, ISO times, SpanKind.CLIENT, events and links", async () => {
    const { sink } = await readIntoMemory(reader, fixture("python-to-json.json"));
    expect(sink.spanRows[0]).toMatchObject({
      Timestamp: "2026-11-23 11:56:40.852000000",
      TraceId: "8cb151caacf28330a840911071ef16ea",
      SpanId: "a53c10f926be47e4",
      ParentSpanId: "d1bd922db84cdb1c",
      SpanKind: "Client",
      ServiceName: "billing-worker",
      Duration: "17530000",
      StatusCode: "Error",
      StatusMessage: "RateLimitError: Error code: 429",
      "Events.Timestamp": ["2026-11-23 11:56:40.869400000"],
      "Events.Name": ["exception"],
      "Links.TraceId": ["1f2e3d4c5b6a79880f1e2d3c4b5a6978"],
      "Links.SpanId": ["a1b2c3d4e5f60718"],
      "Links.Attributes": [{ "messaging.operation": "receive" }],
    });
    expect(sink.spanRows[0]?.SpanAttributes["gen_ai.request.temperature"]).toBe("0.2");
  });

  it("reads a ConsoleSpanExporter span: id, timestamp and duration in microseconds", async () => {
    const { sink } = await readIntoMemory(reader, fixture("console-exporter-span.json"));
    expect(sink.spanRows[0]).toMatchObject({
      Timestamp: "2026-11-23 11:56:40.547000000",
      SpanId: "d78d037c90d4b167",
      ParentSpanId: "e28258e368536c8b",
      SpanKind: "Client",
      Duration: "5677119",
    });
  });

  it("synthesises stable ids and time 0 for snapshots without them, and drops content", async () => {
    const { sink } = await readIntoMemory(reader, fixture("vercel-generate-text-snapshot.json"));
    const [root, step] = sink.spanRows;
    expect(root?.TraceId).toBe(syntheticId("trace:vercel-generate-text-snapshot.json", 16));
    expect(step?.TraceId).toBe(root?.TraceId);
    expect([root?.SpanId, step?.SpanId]).toEqual([
      syntheticId("span:vercel-generate-text-snapshot.json#0", 8),
      syntheticId("span:vercel-generate-text-snapshot.json#1", 8),
    ]);
    expect(step?.Timestamp).toBe("1970-01-01 00:00:00.000000000");
    expect(step?.Duration).toBe("0");
    expect(step?.SpanAttributes["spendtrail.synthetic_ids"]).toBe("true");
    expect(step?.SpanAttributes["ai.usage.promptTokens"]).toBe("12");
    expect(step?.SpanAttributes["gen_ai.response.finish_reasons"]).toBe('["stop"]');
    expect(step?.SpanAttributes["ai.telemetry.metadata.tenantId"]).toBe("acme-corp");
    for (const key of ["ai.prompt.messages", "ai.response.text", "ai.prompt.format"]) {
      expect(step?.SpanAttributes[key], key).toBeUndefined();
    }
    expect(step?.["Events.Attributes"]).toEqual([{ "ai.response.msToFirstChunk": "100" }]);
    const keep = await readIntoMemory(
      createSpanListReader({ keepContent: true }),
      fixture("vercel-generate-text-snapshot.json"),
    );
    expect(keep.sink.spanRows[1]?.SpanAttributes["ai.response.text"]).toBe("It is sunny.");
  });
});

describe("span-list JSON Lines", () => {
  it("reads one span per line and names a bad line", async () => {
    const file = fixture("readable-spans.jsonl");
    expect(reader.detect(sampleFromBytes(file, await readFile(file)))).toBe(60);
    const { sink, counts } = await readIntoMemory(reader, file);
    expect(counts).toEqual({ read: 3, skipped: 1 });
    expect(sink.spanRows.map((r) => r.SpanId)).toEqual(["e28258e368536c8b", "7f335b76cf0962d2"]);
    expect(sink.issues).toEqual([
      { file, line: 2, code: "bad_json", message: "line 2: expected one JSON span object per line" },
    ]);
  });
});

describe("span-list bad input", () => {
  it("reads the spans before a truncation", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("truncated.json"));
    expect(counts).toEqual({ read: 2, skipped: 1 });
    expect(sink.spanRows.map((r) => r.SpanName)).toEqual(["weather-assistant-turn"]);
    expect(sink.issues.map((i) => [i.code, i.line])).toEqual([
      ["truncated", 111],
      ["truncated", 2],
    ]);
  });

  it("skips spans with wrong types, warns on unknown kinds and reads the rest", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("bad-spans.json"));
    expect(counts).toEqual({ read: 5, skipped: 3 });
    expect(sink.spanRows.map((r) => [r.SpanName, r.SpanKind])).toEqual([
      ["chat gpt-4o-mini", "Client"],
      ["odd kind", "Unspecified"],
    ]);
    expect(sink.issues.map((i) => [i.file, i.line, i.code, i.message])).toEqual([
      [
        fixture("bad-spans.json"),
        2,
        "bad_value",
        'span #2 ("bad start"): startTime must be an hrtime [seconds, nanos], ns or an ISO date-time, got "abc"',
      ],
      [fixture("bad-spans.json"), 3, "bad_record", "span #3: expected a span object, got 17"],
      [
        fixture("bad-spans.json"),
        4,
        "bad_value",
        'span #4 ("odd kind"): unknown span kind "SPAN_KIND_SIDEWAYS"; stored as Unspecified',
      ],
      [
        fixture("bad-spans.json"),
        5,
        "bad_value",
        'span #5 ("bad trace id"): traceId must be a 32-hex-digit id, got "not-a-trace-id"',
      ],
    ]);
  });
});

describe.skipIf(!existsSync(corpusDir))("span-list on the corpus", () => {
  it("reads OpenInference snapshots with the response id kept from output.value", async () => {
    const { sink, counts } = await readIntoMemory(
      reader,
      corpus("openinference-js-openai-4.1.9-tool-calls-3-spans.json"),
    );
    expect(counts).toEqual({ read: 3, skipped: 0 });
    const a = sink.spanRows.map((r) => r.SpanAttributes);
    expect(a.map((x) => JSON.parse(x["output.value"] ?? "{}").id)).toEqual([
      "chatcmpl-8hhqZDFTRD0vzExhqWnMLE7viVl7E",
      "chatcmpl-8hhsP9eAplUFYB3mHUJxBkq7IwnjZ",
      "chatcmpl-8hhtfzSD33tsG7XJiBg4F9MqnXKDp",
    ]);
    expect(a.map((x) => [x["llm.token_count.prompt"], x["llm.token_count.completion"]])).toEqual([
      ["70", "7"],
      ["86", "15"],
      ["121", "20"],
    ]);
    expect(JSON.parse(a[0]?.["input.value"] ?? "{}")).toEqual({ model: "gpt-3.5-turbo" });
    expect(Object.keys(a[0] ?? {}).some((k) => k.startsWith("llm.input_messages."))).toBe(false);
  });

  it("reads the Vercel snapshots with their usage attributes", async () => {
    const { sink } = await readIntoMemory(
      reader,
      corpus("vercel-ai-sdk-7.0.77-legacy-otel-streamText-2-steps-snapshot.json"),
    );
    expect(sink.spanRows.map((r) => r.SpanName)).toEqual([
      "ai.streamText",
      "ai.streamText.doStream",
      "ai.toolCall",
      "ai.streamText.doStream",
    ]);
    expect(sink.spanRows[3]?.SpanAttributes["ai.usage.inputTokenDetails.cacheReadTokens"]).toBe("0");
    expect(sink.spanRows[1]?.["Events.Attributes"][1]).toEqual({
      "ai.response.avgOutputTokensPerSecond": "20",
      "ai.response.msToFinish": "500",
    });
  });

  it("reads LiteLLM's Langfuse span object with nested values as JSON text", async () => {
    const file = corpus("litellm-langfuse-otel-generation-user-session.json");
    expect(reader.detect(sampleFromBytes("x", await readFile(file)))).toBe(60);
    const { sink } = await readIntoMemory(reader, file);
    const row = sink.spanRows[0];
    expect(row?.ParentSpanId).toBe("0d9cfbb24ef808cd");
    expect(row?.SpanAttributes).toEqual({
      "langfuse.observation.cost_details": '{"total":0.000035}',
      "langfuse.observation.level": "DEFAULT",
      "langfuse.observation.metadata.test_key": "test_value",
      "langfuse.observation.model.name": "gpt-3.5-turbo",
      "langfuse.observation.model.parameters": '{"extra_body":"{}"}',
      "langfuse.observation.type": "generation",
      "langfuse.observation.usage_details":
        '{"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"input":10,"output":20,"total":30}',
      "langfuse.release": "test_trace_release",
      "langfuse.trace.name": "test_trace_name",
      "langfuse.trace.tags": '["test_tag","test_tag_2"]',
      "langfuse.version": "test_trace_version",
      "session.id": "test_session_id",
      "user.id": "test_user_id",
      "spendtrail.synthetic_ids": "true",
    });
  });
});
