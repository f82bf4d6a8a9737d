import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createJaegerJsonReader, jaegerJsonReader } from "./jaeger-json.js";
import { readIntoMemory } from "./memory-sink.js";
import { sampleFromBytes } from "./source.js";

const dir = join(import.meta.dirname, "fixtures", "jaeger-json");
const fixture = (name: string) => join(dir, name);

async function readText(text: string, reader = jaegerJsonReader) {
  const file = join(await mkdtemp(join(tmpdir(), "jaeger-")), "trace.json");
  await writeFile(file, text);
  return readIntoMemory(reader, file);
}

describe("jaeger-json detection", () => {
  it("claims the query API shape and a bare trace object", async () => {
    for (const name of ["llm-call-through-gateway.json", "bare-trace.json", "truncated.json"]) {
      const bytes = await readFile(fixture(name));
      expect(jaegerJsonReader.detect(sampleFromBytes(name, bytes)), name).toBe(95);
    }
  });

  it("leaves OTLP, Langfuse exports and span snapshots alone", () => {
    const texts = [
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"ab","spanId":"cd"}]}]}]}',
      '{"trace":{"id":"b82a"},"observations":[{"id":"f6e4","parentObservationId":null}]}',
      '[{"name":"ai.streamText","attributes":{"ai.model.id":"m"}}]',
      '{"data":[{"id":1}]}',
    ];
    for (const text of texts)
      expect(jaegerJsonReader.detect(sampleFromBytes("x.json", Buffer.from(text)))).toBe(0);
  });
});

describe("jaeger-json reading", () => {
  it("maps an LLM call through a gateway the way the Jaeger receiver and exporter store it", async () => {
    const { sink, counts } = await readIntoMemory(jaegerJsonReader, fixture("llm-call-through-gateway.json"));
    expect(counts).toEqual({ read: 4, skipped: 0 });
    expect(sink.issues).toEqual([]);
    expect(sink.spanRows.map((r) => [r.SpanName, r.ServiceName, r.SpanKind, r.ParentSpanId])).toEqual([
      ["POST /v1/answer", "support-bot", "Server", ""],
      ["chat gpt-4o-mini", "support-bot", "Client", "00f067aa0ba902b7"],
      ["POST /chat/completions", "litellm-proxy", "Server", "b7ad6b7169203331"],
      ["litellm_request", "litellm-proxy", "Internal", "e457b5a2e4d86bd1"],
    ]);
    expect(sink.spanRows[1]).toEqual({
      Timestamp: "2025-11-23 11:50:00.125560000",
      TraceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      SpanId: "b7ad6b7169203331",
      ParentSpanId: "00f067aa0ba902b7",
      TraceState: "",
      SpanName: "chat gpt-4o-mini",
      SpanKind: "Client",
      ServiceName: "support-bot",
      ResourceAttributes: {
        "service.name": "support-bot",
        "telemetry.sdk.language": "nodejs",
        "telemetry.sdk.name": "opentelemetry",
        "telemetry.sdk.version": "2.0.1",
        "service.version": "2.3.1",
        "host.name": "support-bot-6c9f7d",
      },
      ScopeName: "@opentelemetry/instrumentation-openai",
      ScopeVersion: "0.21.0",
      SpanAttributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.request.max_tokens": "512",
        "gen_ai.request.temperature": "0.2",
        "server.address": "litellm.internal",
        "server.port": "4000",
        "gen_ai.response.id": "chatcmpl-BNi420iFNtIOHzy8Gq2fVS5utTus7",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.response.finish_reasons": '["stop"]',
        "gen_ai.usage.input_tokens": "1149",
        "gen_ai.usage.output_tokens": "353",
        "app.tenant_id": "acme-corp",
      },
      Duration: "1829377000",
      StatusCode: "Ok",
      StatusMessage: "",
      "Events.Timestamp": ["2025-11-23 11:50:00.535456000"],
      "Events.Name": ["gen_ai.content.completion"],
      "Events.Attributes": [{}],
      "Links.TraceId": [],
      "Links.SpanId": [],
      "Links.TraceState": [],
      "Links.Attributes": [],
    });
  });

  it("turns FOLLOWS_FROM into a link, logs into events and renames process tags", async () => {
    const { sink } = await readIntoMemory(jaegerJsonReader, fixture("llm-call-through-gateway.json"));
    const gateway = sink.spanRows[3];
    expect(gateway?.["Links.TraceId"]).toEqual(["1f2e3d4c5b6a79880f1e2d3c4b5a6978"]);
    expect(gateway?.["Links.SpanId"]).toEqual(["a1b2c3d4e5f60718"]);
    expect(gateway?.["Links.Attributes"]).toEqual([{ "opentracing.ref_type": "follows_from" }]);
    expect(gateway?.["Events.Name"]).toEqual(["litellm.router.attempt"]);
    expect(gateway?.["Events.Attributes"]).toEqual([{ attempt: "1", deployment: "openai/gpt-4o-mini" }]);
    expect(gateway?.SpanAttributes["llm.is_streaming"]).toBe("false");
    expect(gateway?.SpanAttributes["metadata.spend"]).toBe("0.00011715");
    expect(gateway?.SpanAttributes["metadata.user_api_key_team_id"]).toBe("");
    expect(gateway?.ResourceAttributes).toEqual({
      "service.name": "litellm-proxy",
      "host.name": "litellm-7d9f8b",
      "opencensus.exporterversion": "Jaeger-Go-2.30.0",
      "deployment.environment": "prod",
    });
    expect(sink.spanRows[2]?.StatusCode).toBe("Unset");
  });

  it("keeps prompt and completion attributes only with keepContent", async () => {
    const keep = createJaegerJsonReader({ keepContent: true });
    const { sink } = await readIntoMemory(keep, fixture("llm-call-through-gateway.json"));
    expect(sink.spanRows[1]?.SpanAttributes["gen_ai.input.messages"]).toContain("My invoice is wrong");
    expect(sink.spanRows[1]?.["Events.Attributes"]).toEqual([{ "gen_ai.completion": "Sorry to hear that" }]);
  });

  it("reads the older export with the trace object at the top", async () => {
    const { sink, counts } = await readIntoMemory(jaegerJsonReader, fixture("bare-trace.json"));
    expect(counts).toEqual({ read: 4, skipped: 0 });
    expect(sink.spanRows.map((r) => r.SpanId)).toEqual([
      "00f067aa0ba902b7",
      "b7ad6b7169203331",
      "e457b5a2e4d86bd1",
      "3c9d0f3ea1c6e2a4",
    ]);
  });

  it("applies the receiver's status rules: error tag, then HTTP status by span kind", async () => {
    const span = (id: string, kind: string, tags: object[]) => ({
      traceID: "a3ce929d0e0e4736",
      spanID: id,
      operationName: "call",
      references: [],
      startTime: 1763898600000000,
      duration: 10,
      tags: [{ key: "span.kind", type: "string", value: kind }, ...tags],
      processID: "p1",
    });
    const doc = {
      data: [
        {
          traceID: "a3ce929d0e0e4736",
          spans: [
            span("1", "client", [
              { key: "error", type: "bool", value: true },
              { key: "otel.status_description", type: "string", value: "upstream 429" },
            ]),
            span("2", "client", [{ key: "http.status_code", type: "int64", value: 429 }]),
            span("3", "server", [{ key: "http.status_code", type: "int64", value: 429 }]),
            span("4", "server", [{ key: "error", type: "string", value: "true" }]),
          ],
          processes: { p1: { serviceName: "api", tags: [] } },
        },
      ],
    };
    const { sink } = await readText(JSON.stringify(doc));
    expect(sink.spanRows.map((r) => [r.TraceId, r.SpanId, r.StatusCode, r.StatusMessage])).toEqual([
      ["0000000000000000a3ce929d0e0e4736", "0000000000000001", "Error", "upstream 429"],
      ["0000000000000000a3ce929d0e0e4736", "0000000000000002", "Error", ""],
      ["0000000000000000a3ce929d0e0e4736", "0000000000000003", "Unset", ""],
      ["0000000000000000a3ce929d0e0e4736", "0000000000000004", "Unset", ""],
    ]);
    expect(sink.spanRows[3]?.SpanAttributes.error).toBe("true");
  });
});

describe("jaeger-json bad input", () => {
  it("reads the spans before a truncation and names the cut-off one", async () => {
    const { sink, counts } = await readIntoMemory(jaegerJsonReader, fixture("truncated.json"));
    expect(counts).toEqual({ read: 3, skipped: 1 });
    expect(sink.spanRows.map((r) => r.SpanId)).toEqual(["00f067aa0ba902b7", "b7ad6b7169203331"]);
    expect(sink.spanRows[0]?.ServiceName).toBe("");
    expect(sink.issues.map((i) => [i.code, i.line])).toEqual([
      ["truncated", 199],
      ["bad_record", 1],
      ["truncated", 3],
    ]);
    expect(sink.issues[2]?.message).toBe("span #3 is cut off by the end of the input");
    expect(sink.issues.every((i) => i.file === fixture("truncated.json"))).toBe(true);
  });

  it("skips spans with wrong types, keeps the others, and names file and span", async () => {
    const { sink, counts } = await readIntoMemory(jaegerJsonReader, fixture("bad-values.json"));
    expect(counts).toEqual({ read: 5, skipped: 3 });
    expect(sink.spanRows.map((r) => r.SpanId)).toEqual(["00f067aa0ba902b7", "e457b5a2e4d86bd1"]);
    expect(sink.issues.map((i) => [i.line, i.code, i.message])).toEqual([
      [
        2,
        "bad_value",
        'span #2 (spanID "b7ad6b7169203331"): startTime must be microseconds since the epoch, got "abc"',
      ],
      [
        3,
        "bad_value",
        'span #3 (spanID "e457b5a2e4d86bd1"): tag "retry.budget" has unknown type "decimal128"; kept as text',
      ],
      [
        3,
        "bad_value",
        'span #3 (spanID "e457b5a2e4d86bd1"): tag "http.response_content_length" is declared int64 but holds "n/a"; kept as text',
      ],
      [4, "bad_value", "span #4 (spanID nothing): spanID must be a hex span id, got nothing"],
      [5, "bad_record", 'span #5: expected a span object, got "not a span"'],
    ]);
    expect(sink.spanRows[1]?.SpanAttributes["retry.budget"]).toBe("0.25");
  });

  it("reads a gzip export, and the spans before the break of a cut gzip", async () => {
    const bytes = gzipSync(await readFile(fixture("llm-call-through-gateway.json")));
    const file = join(await mkdtemp(join(tmpdir(), "jaeger-")), "trace.json.gz");
    await writeFile(file, bytes);
    expect((await readIntoMemory(jaegerJsonReader, file)).counts).toEqual({ read: 4, skipped: 0 });
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const { sink, counts } = await readIntoMemory(jaegerJsonReader, file);
    expect(counts.read - counts.skipped).toBeGreaterThan(0);
    expect(counts.read - counts.skipped).toBeLessThan(4);
    expect(sink.issues[0]).toMatchObject({ file, line: null, code: "truncated" });
  });

  it("reports an empty file and reads nothing", async () => {
    const { sink, counts } = await readIntoMemory(jaegerJsonReader, fixture("empty.json"));
    expect(counts).toEqual({ read: 0, skipped: 0 });
    expect(sink.issues).toEqual([
      {
        file: fixture("empty.json"),
        line: null,
        code: "empty",
        message: "the file is empty; expected a JSON document",
      },
    ]);
  });

  it("reports JSON that is not a Jaeger document", async () => {
    const { sink, counts } = await readText('{"traces": []}');
    expect(counts).toEqual({ read: 0, skipped: 0 });
    expect(sink.issues.map((i) => i.code)).toEqual(["bad_record"]);
  });
});
