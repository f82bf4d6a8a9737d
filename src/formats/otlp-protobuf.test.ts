import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { otlpEngineSink, storedSpans } from "./fixtures/otlp/engine-sink.js";
import { encodeTraces } from "./otlp-proto.js";
import { otlpProtobufReader } from "./otlp-protobuf.js";
import { detectFormat } from "./registry.js";
import { openInput } from "./source.js";

const id = (hex: string) => Buffer.from(hex, "hex");

/** One export request as an SDK's OTLP/HTTP protobuf exporter would send it. */
function request(spanId: string, kind: number): Uint8Array {
  return encodeTraces({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "checkout-api" } }] },
        scopeSpans: [
          {
            scope: { name: "openai", version: "0.21.0" },
            spans: [
              {
                traceId: id("5b8efff798038103d269b633813fc60c"),
                spanId: id(spanId),
                name: "chat gpt-4o",
                kind,
                startTimeUnixNano: "1700000000100000000",
                endTimeUnixNano: "1700000001300000123",
                attributes: [
                  { key: "gen_ai.usage.input_tokens", value: { intValue: "812" } },
                  { key: "gen_ai.request.temperature", value: { doubleValue: 0.7 } },
                  { key: "llm.is_streaming", value: { boolValue: false } },
                  { key: "tags", value: { arrayValue: { values: [{ stringValue: "stop" }] } } },
                  {
                    key: "meta",
                    value: { kvlistValue: { values: [{ key: "team", value: { stringValue: "a" } }] } },
                  },
                  { key: "blob", value: { bytesValue: Buffer.from([1, 2, 3]) } },
                  { key: "gen_ai.prompt.0.content", value: { stringValue: "secret" } },
                ],
                events: [{ timeUnixNano: "1700000000200000000", name: "retry", attributes: [] }],
                status: { code: 2, message: "429" },
              },
            ],
          },
        ],
      },
    ],
  });
}

function framed(...messages: Uint8Array[]): Buffer {
  return Buffer.concat(
    messages.flatMap((m) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(m.length);
      return [length, Buffer.from(m)];
    }),
  );
}

describe("otlp-protobuf", () => {
  let engine: ChdbEngine;
  let dir: string;
  const write = (name: string, bytes: Uint8Array) => {
    writeFileSync(`${dir}/${name}`, bytes);
    return `${dir}/${name}`;
  };
  beforeAll(async () => {
    engine = await ChdbEngine.open();
    dir = engine.dir;
  });
  afterAll(async () => {
    await engine.close();
  });
  beforeEach(async () => {
    await engine.exec(sql("TRUNCATE TABLE otel_traces"));
  });

  it("is detected for a raw request and for length-prefixed records, not for JSON or garbage", async () => {
    const raw = write("raw.binpb", request("00f067aa0ba902b7", 3));
    const prefixed = write("file.proto", framed(request("00f067aa0ba902b7", 3)));
    expect(detectFormat((await openInput(raw)).sample)?.id).toBe("otlp-protobuf");
    expect(detectFormat((await openInput(prefixed)).sample)?.id).toBe("otlp-protobuf");
    const json = new URL("./fixtures/otlp/single.json", import.meta.url).pathname;
    expect(otlpProtobufReader.detect((await openInput(json)).sample)).toBe(0);
    const garbage = write("garbage.bin", Buffer.from([0x00, 0x01, 0xff, 0x13, 0x37, 0x42]));
    expect(otlpProtobufReader.detect((await openInput(garbage)).sample)).toBe(0);
  });

  it("decodes a raw request with every value kind", async () => {
    const sink = otlpEngineSink(engine, "raw.binpb");
    const path = write("raw.binpb", request("00f067aa0ba902b7", 3));
    expect(await otlpProtobufReader.read(await openInput(path), sink)).toEqual({ read: 1, skipped: 0 });
    const [span] = await storedSpans(engine);
    expect(span).toEqual({
      TraceId: "5b8efff798038103d269b633813fc60c",
      SpanId: "00f067aa0ba902b7",
      ParentSpanId: "",
      SpanName: "chat gpt-4o",
      SpanKind: "Client",
      ServiceName: "checkout-api",
      StatusCode: "Error",
      StatusMessage: "429",
      Duration: 1_200_000_123,
      Timestamp: "2023-11-14 22:13:20.100000000",
      SpanAttributes: {
        "gen_ai.usage.input_tokens": "812",
        "gen_ai.request.temperature": "0.7",
        "llm.is_streaming": "false",
        tags: '["stop"]',
        meta: '{"team":"a"}',
        blob: "AQID",
      },
      "Links.TraceId": [],
      "Links.SpanId": [],
    });
  });

  it("reads length-prefixed records and reports a bad record and a cut one", async () => {
    const good = request("1111111111111111", 2);
    const bytes = framed(good, Buffer.from([0xff, 0xff, 0xff, 0x07]), request("2222222222222222", 1));
    const cut = Buffer.concat([bytes, Buffer.from([0, 0, 1, 0, 0x0a, 0x05])]);
    const sink = otlpEngineSink(engine, "file.proto");
    const counts = await otlpProtobufReader.read(await openInput(write("file.proto", cut)), sink);
    expect(sink.issues.map((i) => [i.line, i.code])).toEqual([
      [2, "bad_protobuf"],
      [4, "truncated"],
    ]);
    expect(counts).toEqual({ read: 4, skipped: 2 });
    expect((await storedSpans(engine)).map((s) => [s.SpanId, s.SpanKind])).toEqual([
      ["1111111111111111", "Server"],
      ["2222222222222222", "Internal"],
    ]);
  });

  it("turns binary garbage into an issue, never a crash", async () => {
    const sink = otlpEngineSink(engine, "garbage.bin");
    const path = write("garbage.bin", Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x13]));
    expect(await otlpProtobufReader.read(await openInput(path), sink)).toEqual({ read: 1, skipped: 1 });
    expect(sink.issues.map((i) => i.code)).toEqual(["bad_protobuf"]);
  });
});
