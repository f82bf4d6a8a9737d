import { describe, expect, it } from "vitest";
import {
  anyValueText,
  applyContentPolicy,
  attributesFromKeyValues,
  attributesFromObject,
  attributeText,
} from "./attributes.js";
import { isIncomplete, parseJsonLenient } from "./json-lenient.js";
import { normaliseId } from "./otel-ids.js";
import { formatTimestamp, hrTimeToNanos, isoToNanos, microsToNanos, msToNanos } from "./otel-time.js";

describe("attribute text, the exporter's way", () => {
  it("writes scalars as pdata AsString does", () => {
    expect(
      [
        "gpt-4o",
        1149,
        -3,
        0.2,
        3.5e-5,
        1e-7,
        1e21,
        12345678901234567890n,
        true,
        false,
        Number.NaN,
        new Uint8Array([1, 2, 255]),
      ].map(attributeText),
    ).toEqual([
      "gpt-4o",
      "1149",
      "-3",
      "0.2",
      "0.000035",
      "1e-7",
      "1e+21",
      "12345678901234567890",
      "true",
      "false",
      "NaN",
      "AQL/",
    ]);
    expect([attributeText(null), attributeText(undefined)]).toEqual([null, null]);
  });

  it("writes arrays and maps as Go JSON: keys sorted, HTML characters escaped", () => {
    expect(attributeText(["stop", 2, true, null])).toBe('["stop",2,true,null]');
    expect(attributeText({ output: 20, input: 10, nested: { b: "<a&b>", a: [1.5] } })).toBe(
      '{"input":10,"nested":{"a":[1.5],"b":"\\u003ca\\u0026b\\u003e"},"output":20}',
    );
  });

  it("reads OTLP AnyValue objects, with int64 beyond 2^53 kept exact", () => {
    expect(anyValueText({ stringValue: "a" })).toBe("a");
    expect(anyValueText({ intValue: "9007199254740993" })).toBe("9007199254740993");
    expect(anyValueText({ intValue: 443 })).toBe("443");
    expect(anyValueText({ doubleValue: 0.0123 })).toBe("0.0123");
    expect(anyValueText({ boolValue: true })).toBe("true");
    expect(anyValueText({ bytesValue: "AQL/" })).toBe("AQL/");
    expect(anyValueText({})).toBe("");
    expect(
      anyValueText({
        kvlistValue: {
          values: [
            { key: "team", value: { stringValue: "a" } },
            { key: "n", value: { intValue: "2" } },
            { key: "tags", value: { arrayValue: { values: [{ stringValue: "x" }, { doubleValue: 1.5 }] } } },
          ],
        },
      }),
    ).toBe('{"n":2,"tags":["x",1.5],"team":"a"}');
    expect(attributeText({ intValue: "12" })).toBe("12");
  });

  it("builds maps from objects and KeyValue lists, without flattening nested objects", () => {
    expect(attributesFromObject({ a: { b: 1 }, c: null, d: "x" })).toEqual({ a: '{"b":1}', d: "x" });
    expect(
      attributesFromKeyValues([
        { key: "k", value: { intValue: "1" } },
        { key: "k", value: { intValue: "2" } },
        { nokey: 1 },
      ]),
    ).toEqual({ k: "2" });
  });

  it("drops content attributes and keeps the response id of a JSON output", () => {
    const attrs = {
      "gen_ai.input.messages": '[{"role":"user"}]',
      "llm.input_messages.0.message.content": "hi",
      "output.value": '{"id":"chatcmpl-1","choices":[{"message":{"content":"hello"}}]}',
      "gen_ai.request.model": "gpt-4",
    };
    expect(applyContentPolicy(attrs, {})).toEqual({
      "output.value": '{"id":"chatcmpl-1"}',
      "gen_ai.request.model": "gpt-4",
    });
    expect(applyContentPolicy(attrs, { keepContent: true })).toBe(attrs);
  });
});

describe("time helpers", () => {
  it("formats ns as the DateTime64(9) text", () => {
    expect(formatTimestamp(1795435000546608159n)).toBe("2026-11-23 11:56:40.546608159");
    expect(formatTimestamp(0n)).toBe("1970-01-01 00:00:00.000000000");
  });

  it("parses ISO date-times with up to 9 fractional digits and zones", () => {
    expect(isoToNanos("2025-04-30T15:28:50.220515904Z")).toBe(1746026930220515904n);
    expect(isoToNanos("2025-04-30T17:28:50.220515904+02:00")).toBe(1746026930220515904n);
    expect(isoToNanos("2025-01-24 09:20:46.847371")).toBe(1737710446847371000n);
    expect(isoToNanos("2025-08-28T07:32:30.306Z")).toBe(1756366350306000000n);
    expect(isoToNanos("2025-08-28T07:32:30.1234567891Z")).toBe(1756366350123456789n);
    expect(isoToNanos("2025-02-30T00:00:00Z")).toBeNull();
    expect(isoToNanos("abc")).toBeNull();
  });

  it("converts hrtime, ms and µs", () => {
    expect(hrTimeToNanos([1795435000, 527000000])).toBe(1795435000527000000n);
    expect(hrTimeToNanos([1, 2_000_000_000])).toBeNull();
    expect(hrTimeToNanos("abc")).toBeNull();
    expect(msToNanos(1700000000123.5)).toBe(1700000000123500000n);
    expect(microsToNanos(1763898600123456)).toBe(1763898600123456000n);
    expect(microsToNanos(5677.119)).toBe(5677119n);
    expect(microsToNanos("abc")).toBeNull();
  });
});

describe("id normalisation", () => {
  it("accepts hex, 0x hex, short Jaeger hex, base64, UUIDs and Buffer JSON", () => {
    expect(normaliseId("5B8EFFF798038103D269B633813FC60C", 16)).toBe("5b8efff798038103d269b633813fc60c");
    expect(normaliseId("0xa53c10f926be47e4", 8)).toBe("a53c10f926be47e4");
    expect(normaliseId("a3ce929d0e0e4736", 16)).toBe("0000000000000000a3ce929d0e0e4736");
    expect(normaliseId("W47/95gDgQPSabYzgT/GDA==", 16)).toBe("5b8efff798038103d269b633813fc60c");
    expect(normaliseId("7uGbfsPBsXQ=", 8)).toBe("eee19b7ec3c1b174");
    expect(normaliseId("3f9a2c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f", 16)).toBe("3f9a2c1e7b4d4e8a9c2f1a2b3c4d5e6f");
    expect(normaliseId({ type: "Buffer", data: [18, 52, 86, 120, 144, 171, 205, 239] }, 8)).toBe(
      "1234567890abcdef",
    );
    expect(normaliseId("00000000000000000000000000000000", 16)).toBe("");
    expect(normaliseId("", 8)).toBe("");
    expect(normaliseId("not-an-id", 8)).toBeNull();
    expect(normaliseId("5b8efff798038103d269b633813fc60c", 8)).toBeNull();
    expect(normaliseId({ type: "Buffer", data: [1, 2] }, 8)).toBeNull();
  });
});

describe("lenient JSON", () => {
  it("keeps complete values before a truncation and marks cut-off containers", () => {
    const { value, problem } = parseJsonLenient('{"spans": [{"a": 1}, {"b": [2, 3]}, {"c": "x');
    expect(value).toEqual({ spans: [{ a: 1 }, { b: [2, 3] }, {}] });
    const spans = (value as { spans: object[] }).spans;
    expect(spans.map(isIncomplete)).toEqual([false, false, true]);
    expect(isIncomplete(value)).toBe(true);
    expect(problem).toMatchObject({ atEnd: true, line: 1 });
  });

  it("reports a syntax error with its line and keeps what came before", () => {
    const { value, problem } = parseJsonLenient('[{"a": 1},\n{"b": tru},\n{"c": 3}]');
    expect(value).toEqual([{ a: 1 }, {}]);
    expect(problem).toMatchObject({ atEnd: false, line: 2 });
  });

  it("treats a literal cut at the end as a truncation", () => {
    expect(parseJsonLenient("[true, nu").problem?.atEnd).toBe(true);
    expect(parseJsonLenient("").value).toBeUndefined();
  });
});
