import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attributeMapReader, createAttributeMapReader } from "./attribute-map.js";
import { readIntoMemory } from "./memory-sink.js";
import { syntheticId } from "./otel-ids.js";
import { sampleFromBytes } from "./source.js";

const fixture = (name: string) => join(import.meta.dirname, "fixtures", "attribute-map", name);
const corpusDir = join(import.meta.dirname, "..", "..", "..", "shared", "corpus");
const reader = attributeMapReader;

describe("attribute-map detection", () => {
  it("claims a flat map of LLM attributes, even when the sample is cut", async () => {
    for (const name of ["openllmetry-python-chat-attrs.json", "truncated-attrs.json"]) {
      expect(reader.detect(sampleFromBytes(name, await readFile(fixture(name)))), name).toBe(50);
    }
  });

  it("leaves spans, gateway rows and OTLP documents alone", () => {
    const texts = [
      '{"name":"x","attributes":{"gen_ai.request.model":"gpt-4"}}',
      '{"request_id":"chatcmpl-1","model":"gpt-4o","metadata":"{}","spend":0.1}',
      '{"resourceSpans":[]}',
      '{"http.method":"GET","http.route":"/"}',
      "[]",
    ];
    for (const text of texts)
      expect(reader.detect(sampleFromBytes("x.json", Buffer.from(text))), text).toBe(0);
  });
});

describe("attribute-map reading", () => {
  it("stores the map as one span with synthetic ids and exporter value text", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("openllmetry-python-chat-attrs.json"));
    expect(counts).toEqual({ read: 1, skipped: 0 });
    expect(sink.issues).toEqual([]);
    expect(sink.spanRows).toEqual([
      {
        Timestamp: "1970-01-01 00:00:00.000000000",
        TraceId: syntheticId("trace:openllmetry-python-chat-attrs.json", 16),
        SpanId: syntheticId("span:openllmetry-python-chat-attrs.json#0", 8),
        ParentSpanId: "",
        TraceState: "",
        SpanName: "",
        SpanKind: "Unspecified",
        ServiceName: "",
        ResourceAttributes: {},
        ScopeName: "",
        ScopeVersion: "",
        SpanAttributes: {
          "llm.request.type": "chat",
          "gen_ai.system": "OpenAI",
          "gen_ai.request.model": "gpt-3.5-turbo",
          "gen_ai.request.max_tokens": "256",
          "gen_ai.request.temperature": "0.7",
          "llm.headers": "None",
          "llm.is_streaming": "false",
          "gen_ai.openai.api_base": "https://api.openai.com/v1/",
          "gen_ai.response.model": "gpt-3.5-turbo-0125",
          "llm.usage.total_tokens": "187",
          "gen_ai.usage.completion_tokens": "173",
          "gen_ai.usage.prompt_tokens": "14",
          "traceloop.association.properties.tenant_id": "acme-corp",
          "traceloop.association.properties.team_id": "support-ai",
          "spendtrail.synthetic_ids": "true",
        },
        Duration: "0",
        StatusCode: "Unset",
        StatusMessage: "",
        "Events.Timestamp": [],
        "Events.Name": [],
        "Events.Attributes": [],
        "Links.TraceId": [],
        "Links.SpanId": [],
        "Links.TraceState": [],
        "Links.Attributes": [],
      },
    ]);
  });

  it("keeps the indexed prompt/completion attributes only with keepContent", async () => {
    const keep = createAttributeMapReader({ keepContent: true });
    const { sink } = await readIntoMemory(keep, fixture("openllmetry-python-chat-attrs.json"));
    expect(sink.spanRows[0]?.SpanAttributes["gen_ai.prompt.0.content"]).toBe(
      "Tell me a joke about OpenTelemetry",
    );
  });
});

describe("attribute-map bad input", () => {
  it("refuses a cut-off map rather than store a partial call", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("truncated-attrs.json"));
    expect(counts).toEqual({ read: 1, skipped: 1 });
    expect(sink.spanRows).toEqual([]);
    expect(sink.issues.map((i) => [i.code, i.line])).toEqual([
      ["truncated", 18],
      ["truncated", 1],
    ]);
  });

  it("refuses JSON that is not one object", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("array-of-maps.json"));
    expect(counts).toEqual({ read: 1, skipped: 1 });
    expect(sink.issues[0]?.message).toBe(
      'expected one JSON object of span attributes, got [{"gen_ai.request.model":"gpt-4"}]',
    );
  });

  it("reports an empty file", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "attrs-")), "empty.json");
    await writeFile(file, "");
    const { sink, counts } = await readIntoMemory(reader, file);
    expect(counts).toEqual({ read: 0, skipped: 0 });
    expect(sink.issues.map((i) => i.code)).toEqual(["empty"]);
  });
});

describe.skipIf(!existsSync(corpusDir))("attribute-map on the corpus", () => {
  const read = (name: string) => readIntoMemory(reader, join(corpusDir, name));

  it("keeps every value EXPECTED.json needs from the three converter fixtures", async () => {
    for (const name of [
      "otel-genai-current-client-span-tool-calls-attrs.json",
      "otel-genai-deprecated-prompt-completion-attrs.json",
    ]) {
      const a = (await read(name)).sink.spanRows[0]?.SpanAttributes ?? {};
      expect(
        [
          a["gen_ai.request.model"],
          a["gen_ai.response.model"],
          a["gen_ai.provider.name"],
          a["gen_ai.usage.input_tokens"],
          a["gen_ai.usage.output_tokens"],
          a["gen_ai.response.id"],
        ],
        name,
      ).toEqual(["gpt-4", "gpt-4-0613", "openai", "97", "52", "chatcmpl-CQF10eCkoFphJZJQkzzN6EkTD0AVF"]);
      expect(a["gen_ai.input.messages"] ?? a["gen_ai.prompt"], name).toBeUndefined();
    }
    const current = (await read("otel-genai-current-client-span-tool-calls-attrs.json")).sink.spanRows[0];
    expect([current?.SpanAttributes.input, current?.SpanAttributes.output]).toEqual([
      '{"model":"gpt-4"}',
      undefined,
    ]);
    const oi =
      (await read("openinference-llm-span-tool-calls-attrs.json")).sink.spanRows[0]?.SpanAttributes ?? {};
    expect([oi["llm.model_name"], oi["llm.token_count.prompt"], oi["llm.token_count.total"]]).toEqual([
      "gpt-4-0613",
      "97",
      "149",
    ]);
    expect(JSON.parse(oi["llm.invocation_parameters"] ?? "{}").model).toBe("gpt-4");
  });
});
