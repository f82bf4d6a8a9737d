import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { otlpEngineSink, storedSpans } from "./fixtures/otlp/engine-sink.js";
import { otlpJsonReader } from "./otlp-json.js";
import { detectFormat } from "./registry.js";
import { openInput, sampleFromBytes } from "./source.js";

const fixture = (name: string) => new URL(`./fixtures/otlp/${name}`, import.meta.url).pathname;

describe("otlp-json", () => {
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

  it("is detected for a pretty-printed document and a bare ResourceSpans array, not for JSON lines", async () => {
    expect(detectFormat((await openInput(fixture("single.json"))).sample)?.id).toBe("otlp-json");
    expect(detectFormat((await openInput(fixture("protojson.json"))).sample)?.id).toBe("otlp-json");
    const bare = Buffer.from('[\n  {"resource": {"attributes": []}, "scopeSpans": []}\n]\n');
    expect(detectFormat(sampleFromBytes("rs.json", bare))?.id).toBe("otlp-json");
    expect(detectFormat((await openInput(fixture("batches.jsonl"))).sample)?.id).toBe("otlp-json-lines");
  });

  it("reads a pretty-printed document like the same document on one line", async () => {
    const sink = otlpEngineSink(engine, "single.json");
    const counts = await otlpJsonReader.read(await openInput(fixture("single.json")), sink);
    expect(counts).toEqual({ read: 2, skipped: 0 });
    expect(sink.issues).toEqual([]);
    const spans = await storedSpans(engine);
    expect(spans.map((s) => [s.SpanId, s.SpanKind, s.ServiceName])).toEqual([
      ["eee19b7ec3c1b174", "Server", "checkout-api"],
      ["00f067aa0ba902b7", "Client", "checkout-api"],
    ]);
    const attributes = spans[1]?.SpanAttributes as Record<string, string> | undefined;
    expect(attributes?.["app.meta"]).toBe('{"budget":10,"tags":["t1"],"team":"a"}');
  });

  it("accepts generic protobuf JSON: base64 ids and enum names", async () => {
    const sink = otlpEngineSink(engine, "protojson.json");
    const counts = await otlpJsonReader.read(await openInput(fixture("protojson.json")), sink);
    expect(counts).toEqual({ read: 2, skipped: 0 });
    expect(await storedSpans(engine)).toEqual([
      {
        TraceId: "5b8efff798038103d269b633813fc60c",
        SpanId: "eee19b7ec3c1b174",
        ParentSpanId: "00f067aa0ba902b7",
        SpanName: "proxy chat",
        SpanKind: "Server",
        ServiceName: "ai-gateway",
        StatusCode: "Error",
        StatusMessage: "upstream timeout",
        Duration: 500_000_000,
        Timestamp: "2023-11-14 22:13:20.000000000",
        SpanAttributes: { tenant_id: "acme", retries: "2" },
        "Links.TraceId": ["0af7651916cd43dd8448eb211c80319c"],
        "Links.SpanId": ["b7ad6b7169203331"],
      },
      expect.objectContaining({
        SpanId: "b7ad6b7169203331",
        ParentSpanId: "",
        SpanKind: "Client",
        StatusCode: "Ok",
      }),
    ]);
  });

  it("wraps a bare ResourceSpans array, and reports a document that is not OTLP", async () => {
    const doc = JSON.parse(readFileSync(fixture("single.json"), "utf8")) as { resourceSpans: unknown };
    const path = `${engine.dir}/bare.json`;
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, JSON.stringify(doc.resourceSpans, null, 2));
    const sink = otlpEngineSink(engine, "bare.json");
    expect(await otlpJsonReader.read(await openInput(path), sink)).toEqual({ read: 2, skipped: 0 });
    writeFileSync(path, '{"resourceSpans": [ {"resource": ');
    const broken = otlpEngineSink(engine, "broken.json");
    expect(await otlpJsonReader.read(await openInput(path), broken)).toEqual({ read: 1, skipped: 1 });
    expect(broken.issues.map((i) => [i.line, i.code])).toEqual([[1, "bad_json"]]);
  });
});
