import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { otlpEngineSink, storedSpans } from "./fixtures/otlp/engine-sink.js";
import { otlpJsonLinesReader } from "./otlp-json-lines.js";
import { detectFormat } from "./registry.js";
import { openInput, sampleFromBytes } from "./source.js";

const fixture = (name: string) => new URL(`./fixtures/otlp/${name}`, import.meta.url).pathname;

describe("otlp-json-lines", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });
  beforeEach(async () => {
    await engine.exec(sql("TRUNCATE TABLE otel_traces"));
  });

  it("is detected for Collector file-exporter output, and not for a pretty-printed document", async () => {
    expect(detectFormat((await openInput(fixture("batches.jsonl"))).sample)?.id).toBe("otlp-json-lines");
    expect(detectFormat((await openInput(fixture("batches.jsonl.gz"))).sample)?.id).toBe("otlp-json-lines");
    expect(otlpJsonLinesReader.detect((await openInput(fixture("single.json"))).sample)).toBe(0);
    const oneLine = Buffer.from('{"resourceSpans":[]}\n');
    expect(detectFormat(sampleFromBytes("x.json", oneLine))?.id).toBe("otlp-json-lines");
  });

  it("loads the good lines of a plain and a gzip file and reports each bad one", async () => {
    for (const name of ["batches.jsonl", "batches.jsonl.gz"]) {
      await engine.exec(sql("TRUNCATE TABLE otel_traces"));
      const sink = otlpEngineSink(engine, name);
      const counts = await otlpJsonLinesReader.read(await openInput(fixture(name)), sink);
      expect(counts).toEqual({ read: 9, skipped: 4 });
      expect(sink.issues.map((i) => `${i.line}:${i.code}`)).toEqual([
        "4:bad_json",
        "5:bad_json",
        "6:bad_record",
        "7:bad_record",
      ]);
      const spans = await storedSpans(engine);
      expect(spans.map((s) => s.SpanId)).toEqual([
        "eee19b7ec3c1b174",
        "00f067aa0ba902b7",
        "1111111111111111",
        "2222222222222222",
        "3333333333333333",
      ]);
      expect(spans[1]).toMatchObject({ SpanKind: "Client", StatusCode: "Error", Duration: 1_200_000_123 });
    }
  });

  it("loads the lines before the break of a gzip that ends early", async () => {
    const sink = otlpEngineSink(engine, "cut.jsonl.gz");
    const counts = await otlpJsonLinesReader.read(await openInput(fixture("cut.jsonl.gz")), sink);
    expect(sink.issues.map((i) => i.code)).toEqual(["truncated"]);
    const [{ n }] = (await engine.query<{ n: number }>(sql("SELECT count() AS n FROM otel_traces"))) as [
      { n: number },
    ];
    // Every full line holds 3 spans; the cut line is not read.
    expect(n).toBeGreaterThan(30);
    expect(n % 3).toBe(0);
    expect(counts).toEqual({ read: n, skipped: 0 });
  });
});
