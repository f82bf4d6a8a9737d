import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { attributeMapReader } from "./attribute-map.js";
import { jaegerJsonReader } from "./jaeger-json.js";
import { langfuseTraceExportReader } from "./langfuse-trace-export.js";
import { readIntoMemory } from "./memory-sink.js";
import { spanListReader } from "./span-list.js";

const fixtures = join(import.meta.dirname, "fixtures");

/** The rows the JS span readers make go into the exporter's table unchanged. */
describe("JS span readers into otel_traces", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it("round-trips times, durations, maps, events and links", async () => {
    const cases = [
      [jaegerJsonReader, "jaeger-json/llm-call-through-gateway.json"],
      [langfuseTraceExportReader, "langfuse-trace-export/support-ticket.trace.json"],
      [spanListReader, "span-list/python-to-json.json"],
      [attributeMapReader, "attribute-map/openllmetry-python-chat-attrs.json"],
    ] as const;
    for (const [reader, name] of cases) {
      const { sink } = await readIntoMemory(reader, join(fixtures, name));
      await engine.insert("otel_traces", sink.spanRows);
    }
    const rows = await engine.query(
      sql(
        `SELECT toString(Timestamp) AS ts, toString(Duration) AS duration, SpanKind, StatusCode,
                SpanAttributes['gen_ai.usage.input_tokens'] AS input, toString(Events.Timestamp) AS events,
                Links.SpanId AS links
         FROM otel_traces WHERE SpanId IN ({ids:Array(String)}) ORDER BY Timestamp`,
        { ids: ["b7ad6b7169203331", "3c9d0f3ea1c6e2a4", "a53c10f926be47e4"] },
      ),
    );
    expect(rows).toEqual([
      {
        ts: "2025-11-23 11:50:00.125560000",
        duration: "1829377000",
        SpanKind: "Client",
        StatusCode: "Ok",
        input: "1149",
        events: "['2025-11-23 11:50:00.535456000']",
        links: [],
      },
      {
        ts: "2025-11-23 11:50:00.128568000",
        duration: "1819202000",
        SpanKind: "Internal",
        StatusCode: "Unset",
        input: "",
        events: "['2025-11-23 11:50:00.128756000']",
        links: ["a1b2c3d4e5f60718"],
      },
      {
        ts: "2026-11-23 11:56:40.852000000",
        duration: "17530000",
        SpanKind: "Client",
        StatusCode: "Error",
        input: "",
        events: "['2026-11-23 11:56:40.869400000']",
        links: ["a1b2c3d4e5f60718"],
      },
    ]);
    const [count] = await engine.query<{ n: number }>(sql("SELECT count() AS n FROM otel_traces"));
    expect(Number(count?.n)).toBe(4 + 4 + 1 + 1);
  });
});
