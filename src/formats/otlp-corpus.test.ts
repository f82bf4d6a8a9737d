import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { otlpEngineSink } from "./fixtures/otlp/engine-sink.js";
import { detectFormat } from "./registry.js";
import { openInput } from "./source.js";

const corpusDir = join(import.meta.dirname, "..", "..", "..", "shared", "corpus");
const corpusFiles = (): string[] => [
  ...readdirSync(join(corpusDir, "generated"))
    .filter((f) => f.endsWith(".otlp.json"))
    .map((f) => join("generated", f)),
  ...readdirSync(corpusDir).filter((f) => f.endsWith("langfuse-fixture.json")),
  "langfuse-python-sdk-otel-generation-and-span.json",
];

describe.skipIf(!existsSync(corpusDir))("OTLP/JSON corpus files", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it("detects and loads every file, every span, without issues", async () => {
    const counts: Record<string, number> = {};
    for (const name of corpusFiles()) {
      const input = await openInput(join(corpusDir, name));
      const reader = detectFormat(input.sample);
      expect(reader?.id, name).toBe("otlp-json");
      const sink = otlpEngineSink(engine, name);
      const read = await reader?.read(input, sink);
      expect(sink.issues, name).toEqual([]);
      counts[name] = read?.read ?? -1;
    }
    expect(counts).toMatchObject({
      "generated/vercel-ai-5.0.277-generateText-tool-calls.otlp.json": 5,
      "generated/otel-js-instrumentation-openai-0.21.0-chat-404-error.otlp.json": 2,
      "generated/openinference-js-openai-4.2.7-chat-prompt-caching.otlp.json": 3,
      "langfuse-python-sdk-otel-generation-and-span.json": 2,
      "semantic-kernel-1.55-chat-events-langfuse-fixture.json": 1,
    });
    const [total] = await engine.query<{ n: number }>(sql("SELECT count() AS n FROM otel_traces"));
    expect(total?.n).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
  });

  it("keeps the values the call normaliser reads", async () => {
    const value = async (spanId: string, key: string) => {
      const [row] = await engine.query<{ v: string }>(
        sql("SELECT SpanAttributes[{key:String}] AS v FROM otel_traces WHERE SpanId = {id:String}", {
          key,
          id: spanId,
        }),
      );
      return row?.v;
    };
    expect(await value("57f02554179741bd", "langfuse.observation.model.name")).toBe("gpt-4o");
    const [error] = await engine.query<{ StatusCode: string; StatusMessage: string; ServiceName: string }>(
      sql(
        "SELECT StatusCode, StatusMessage, ServiceName FROM otel_traces WHERE SpanName = 'ai.generateText.doGenerate' AND StatusCode = 'Error'",
      ),
    );
    expect(error).toEqual({
      StatusCode: "Error",
      StatusMessage: "The model `this-model-does-not-exist` does not exist or you do not have access to it.",
      ServiceName: "weather-assistant",
    });
    // An int given as a JSON number (the otlp-transformer writes intValue: 1024).
    expect(await value("8a4381ebf1c6661b", "llm.token_count.prompt_details.cache_read")).toBe("1024");
    expect(await value("ef9aeeb905384646", "llm.token_count.prompt_details.cache_read")).toBe("0");
  });
});
