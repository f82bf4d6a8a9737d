import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jaegerJsonReader } from "./jaeger-json.js";
import { readIntoMemory } from "./memory-sink.js";
import { detectFormat } from "./registry.js";
import { sampleFromBytes } from "./source.js";
import { SPAN_READER_FACTORIES, withSpanReaderOptions } from "./span-readers.js";

const corpusDir = join(import.meta.dirname, "..", "..", "..", "shared", "corpus");
const readers = Object.values(SPAN_READER_FACTORIES).map((make) => make({}));

/** Which JS span reader must take each corpus file; every other file is OTLP or a gateway record. */
const OWNERS: Record<string, string> = {
  "langfuse-export-google-adk-2025-08-28.trace.json": "langfuse-trace-export",
  "langfuse-export-openai-agents-2025-09-30.trace.json": "langfuse-trace-export",
  "langfuse-export-csharp-agent-with-gemini-2026-03-09.trace.json": "langfuse-trace-export",
  "litellm-langfuse-otel-generation-user-session.json": "span-list",
  "openinference-js-openai-4.1.9-cache-read.json": "span-list",
  "openinference-js-openai-4.1.9-completions-session-context.json": "span-list",
  "openinference-js-openai-4.1.9-streaming-no-usage.json": "span-list",
  "openinference-js-openai-4.1.9-tool-calls-3-spans.json": "span-list",
  "vercel-ai-sdk-4.0.18-streamText-2-steps-tool-call-snapshot.json": "span-list",
  "vercel-ai-sdk-7.0.77-legacy-otel-streamText-2-steps-snapshot.json": "span-list",
  "openinference-llm-span-tool-calls-attrs.json": "attribute-map",
  "otel-genai-current-client-span-tool-calls-attrs.json": "attribute-map",
  "otel-genai-deprecated-prompt-completion-attrs.json": "attribute-map",
};

async function scores(file: string): Promise<Record<string, number>> {
  const sample = sampleFromBytes(file, await readFile(file));
  return Object.fromEntries(readers.map((r) => [r.id, r.detect(sample)]));
}

const hasCorpus = existsSync(corpusDir);

// A skipped describe still runs its body while collecting: read the corpus only when it is there.
describe.skipIf(!hasCorpus)("JS span readers on the corpus", () => {
  const files = !hasCorpus
    ? []
    : [
        ...readdirSync(corpusDir).filter((n) => n.endsWith(".json") && n !== "EXPECTED.json"),
        ...readdirSync(join(corpusDir, "generated"))
          .filter((n) => n.endsWith(".json"))
          .map((n) => `generated/${n}`),
      ];

  it.each(files)("%s goes to the right reader, or to none of these", async (name) => {
    const byReader = await scores(join(corpusDir, name));
    const owner = OWNERS[name];
    const claimed = Object.entries(byReader).filter(([, score]) => score > 0);
    if (owner === undefined) expect(claimed).toEqual([]);
    else expect(claimed.map(([id]) => id)).toEqual([owner]);
  });

  it.each(Object.keys(OWNERS))("%s reads without issues", async (name) => {
    const reader = readers.find((r) => r.id === OWNERS[name]);
    if (reader === undefined) throw new Error(`no reader ${OWNERS[name]}`);
    const { sink, counts } = await readIntoMemory(reader, join(corpusDir, name));
    expect(sink.issues).toEqual([]);
    expect(counts.skipped).toBe(0);
    expect(sink.spanRows.length).toBe(counts.read);
    expect(sink.spanRows.length).toBeGreaterThan(0);
  });
});

describe("registry detection", () => {
  const fixtureDirs = ["jaeger-json", "langfuse-trace-export", "span-list", "attribute-map"];
  const fixtures = fixtureDirs.flatMap((dir) =>
    readdirSync(join(import.meta.dirname, "fixtures", dir))
      .filter((name) => name !== "empty.json" && name !== "array-of-maps.json")
      .map((name) => [dir, name] as const),
  );

  it.each(fixtures)("gives %s/%s to its reader among all registered readers", async (dir, name) => {
    const file = join(import.meta.dirname, "fixtures", dir, name);
    expect(detectFormat(sampleFromBytes(file, await readFile(file)))?.id).toBe(dir);
  });

  it.runIf(existsSync(corpusDir)).each(Object.entries(OWNERS))(
    "gives corpus %s to %s",
    async (name, owner) => {
      const file = join(corpusDir, name);
      expect(detectFormat(sampleFromBytes(file, await readFile(file)))?.id).toBe(owner);
    },
  );
});

describe("withSpanReaderOptions", () => {
  it("configures JS span readers and leaves other readers alone", async () => {
    const kept = withSpanReaderOptions(jaegerJsonReader, { keepContent: true });
    expect(kept.id).toBe("jaeger-json");
    const file = join(import.meta.dirname, "fixtures", "jaeger-json", "llm-call-through-gateway.json");
    const { sink } = await readIntoMemory(kept, file);
    expect(sink.spanRows[1]?.SpanAttributes["gen_ai.input.messages"]).toContain("My invoice is wrong");
    const other = { ...jaegerJsonReader, id: "otlp-json" };
    expect(withSpanReaderOptions(other, { keepContent: true })).toBe(other);
  });
});
