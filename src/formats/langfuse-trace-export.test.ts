import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLangfuseTraceExportReader, langfuseTraceExportReader } from "./langfuse-trace-export.js";
import { readIntoMemory } from "./memory-sink.js";
import { syntheticId } from "./otel-ids.js";
import { isoToNanos } from "./otel-time.js";
import { sampleFromBytes } from "./source.js";

const fixture = (name: string) => join(import.meta.dirname, "fixtures", "langfuse-trace-export", name);
const corpusDir = join(import.meta.dirname, "..", "..", "..", "shared", "corpus");
const reader = langfuseTraceExportReader;

describe("langfuse-trace-export detection", () => {
  it("claims an export by its trace and observations", async () => {
    for (const name of ["support-ticket.trace.json", "truncated.trace.json"]) {
      expect(reader.detect(sampleFromBytes(name, await readFile(fixture(name))))).toBe(95);
    }
  });

  it("leaves OTLP, Jaeger and span snapshots alone", () => {
    const texts = [
      '{"resourceSpans":[{"scopeSpans":[]}]}',
      '{"data":[{"traceID":"ab","spans":[{"spanID":"cd","operationName":"x"}],"processes":{}}]}',
      '[{"name":"ai.streamText","attributes":{"ai.model.id":"m"}}]',
      '{"trace":"not an object","observations":[]}',
    ];
    for (const text of texts) expect(reader.detect(sampleFromBytes("x.json", Buffer.from(text)))).toBe(0);
  });
});

describe("langfuse-trace-export reading", () => {
  it("restores each observation's OTel span and adds the export's fields and trace identity", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("support-ticket.trace.json"));
    expect(counts).toEqual({ read: 4, skipped: 0 });
    expect(sink.issues).toEqual([]);
    const generation = sink.spanRows[1];
    expect(generation).toMatchObject({
      Timestamp: "2025-11-23 11:50:00.130512000",
      TraceId: "8f3c1d2e4b5a69788a9b0c1d2e3f4a5b",
      SpanId: "b2e1d4c6f8a0b213",
      ParentSpanId: "a1f0c3b5d7e9f102",
      SpanName: "chat gpt-4o-mini",
      SpanKind: "Unspecified",
      ServiceName: "support-bot",
      ScopeName: "langfuse-sdk",
      ScopeVersion: "3.2.1",
      Duration: "970488000",
      StatusCode: "Unset",
    });
    expect(generation?.SpanAttributes).toEqual({
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.system": "openai",
      "gen_ai.usage.input_tokens": "1149",
      "gen_ai.usage.output_tokens": "27",
      "user.id": "user-8812",
      "session.id": "sess-2025-11-23-a",
      "langfuse.trace.name": "answer-ticket",
      "langfuse.trace.tags": '["support","tier-2"]',
      "langfuse.release": "v2.3.1",
      "langfuse.environment": "production",
      "langfuse.trace.metadata.tenant_id": "acme-corp",
      "langfuse.trace.metadata.team": "support-ai",
      "langfuse.observation.type": "generation",
      "langfuse.observation.model.name": "gpt-4o-mini-2024-07-18",
      "langfuse.observation.model.parameters": '{"max_tokens":"512","temperature":"0.2"}',
      "langfuse.observation.usage_details":
        '{"input":125,"input_cached_tokens":1024,"output":27,"total":1176}',
      "langfuse.observation.cost_details":
        '{"input":0.00001875,"input_cached_tokens":0.0000768,"output":0.0000162,"total":0.00011175}',
      "langfuse.observation.level": "DEFAULT",
      "langfuse.observation.completion_start_time": "2025-11-23T11:50:00.412Z",
    });
  });

  it("gives a non-hex observation id a stable synthetic id and maps level ERROR to status", async () => {
    const { sink } = await readIntoMemory(reader, fixture("support-ticket.trace.json"));
    const retry = sink.spanRows[2];
    expect(retry?.SpanId).toBe(syntheticId("langfuse:3f9a2c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f", 8));
    expect(retry?.SpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(retry?.SpanAttributes["langfuse.observation.id"]).toBe("3f9a2c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f");
    expect(retry?.SpanAttributes["spendtrail.synthetic_ids"]).toBe("true");
    expect(retry?.SpanAttributes["langfuse.observation.metadata.retry_attempt"]).toBe("2");
    expect([retry?.StatusCode, retry?.StatusMessage]).toEqual([
      "Error",
      "RateLimitError: Error code: 429 - rate limit reached for gpt-4o-mini",
    ]);
    const event = sink.spanRows[3];
    expect([event?.Duration, event?.SpanAttributes["langfuse.observation.type"]]).toEqual(["0", "event"]);
    expect(event?.SpanAttributes["langfuse.observation.metadata.ticket_id"]).toBe("BIL-20931");
  });

  it("keeps observation input and output only with keepContent", async () => {
    const plain = await readIntoMemory(reader, fixture("support-ticket.trace.json"));
    expect(plain.sink.spanRows[1]?.SpanAttributes["langfuse.observation.input"]).toBeUndefined();
    const keep = createLangfuseTraceExportReader({ keepContent: true });
    const { sink } = await readIntoMemory(keep, fixture("support-ticket.trace.json"));
    expect(sink.spanRows[1]?.SpanAttributes["langfuse.observation.input"]).toBe(
      '[{"content":"My invoice for November is wrong","role":"user"}]',
    );
  });
});

describe("langfuse-trace-export bad input", () => {
  it("reads the observations before a truncation", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("truncated.trace.json"));
    expect(counts).toEqual({ read: 3, skipped: 1 });
    expect(sink.spanRows.map((r) => r.SpanId)).toEqual(["a1f0c3b5d7e9f102", "b2e1d4c6f8a0b213"]);
    expect(sink.issues.map((i) => [i.code, i.line, i.message])).toEqual([
      [
        "truncated",
        133,
        "the JSON text ends early at line 133; the records before it are read, the one it cuts is skipped",
      ],
      ["truncated", 3, "observation #3 is cut off by the end of the input"],
    ]);
  });

  it("skips observations with wrong types and reads the rest", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("bad-values.trace.json"));
    expect(counts).toEqual({ read: 5, skipped: 2 });
    expect(sink.spanRows.map((r) => r.SpanName)).toEqual([
      "answer-ticket",
      "chat gpt-4o-mini",
      "ticket-opened",
    ]);
    expect(sink.issues.map((i) => [i.file, i.line, i.code, i.message])).toEqual([
      [
        fixture("bad-values.trace.json"),
        2,
        "bad_value",
        'observation #2 (id "b2e1d4c6f8a0b213"): startTime must be an ISO date-time, got "abc"',
      ],
      [fixture("bad-values.trace.json"), 3, "bad_record", "observation #3: expected an object, got 42"],
      [
        fixture("bad-values.trace.json"),
        5,
        "bad_value",
        'observation #5 (id "c3d2e5f7a9b1c324"): endTime must be an ISO date-time, got "yesterday"; duration stored as 0',
      ],
    ]);
  });

  it("reports an empty file", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "langfuse-")), "empty.trace.json");
    await writeFile(file, "  \n");
    const { sink, counts } = await readIntoMemory(reader, file);
    expect(counts).toEqual({ read: 0, skipped: 0 });
    expect(sink.issues.map((i) => i.code)).toEqual(["empty"]);
  });
});

interface ExpectedCall {
  span_id: string;
  trace_id: string;
  parent_span_id: string;
  start_time: string;
  end_time: string;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cached_input_tokens: number | null;
  model_response: string | null;
  identity: Record<string, string>;
}

const hasCorpus = existsSync(corpusDir);

// A skipped describe still runs its body while collecting: read the corpus only when it is there.
describe.skipIf(!hasCorpus)("langfuse-trace-export on the corpus", () => {
  const expected = JSON.parse(
    hasCorpus ? readFileSync(join(corpusDir, "EXPECTED.json"), "utf8") : "{}",
  ) as Record<string, { llm_calls: ExpectedCall[] }>;
  const names = Object.keys(expected).filter((n) => n.startsWith("langfuse-export-"));

  it.each(names)("%s carries every value the normaliser needs", async (name) => {
    const file = join(corpusDir, name);
    expect(reader.detect(sampleFromBytes(name, await readFile(file)))).toBe(95);
    const { sink, counts } = await readIntoMemory(reader, file);
    expect(counts.skipped).toBe(0);
    expect(sink.issues).toEqual([]);
    for (const call of expected[name]?.llm_calls ?? []) {
      const row = sink.spanRows.find((r) => r.SpanId === call.span_id);
      const start = isoToNanos(call.start_time) as bigint;
      const end = isoToNanos(call.end_time) as bigint;
      expect([row?.TraceId, row?.ParentSpanId, row?.Duration]).toEqual([
        call.trace_id,
        call.parent_span_id,
        (end - start).toString(),
      ]);
      const a = row?.SpanAttributes ?? {};
      const usage = JSON.parse(a["langfuse.observation.usage_details"] ?? "{}");
      expect([usage.input, usage.output, usage.total]).toEqual([
        call.input_tokens,
        call.output_tokens,
        call.total_tokens,
      ]);
      if (call.cached_input_tokens !== null)
        expect(usage["prompt_details.cache_read"]).toBe(call.cached_input_tokens);
      expect(a["langfuse.observation.model.name"]).toBe(call.model_response);
      expect(a["user.id"]).toBe(call.identity.user_id);
      expect(a["session.id"]).toBe(call.identity.session_id);
      expect(a["langfuse.observation.type"]).toBe("generation");
    }
  });
});
