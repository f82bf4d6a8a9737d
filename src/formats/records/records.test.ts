import { describe, expect, it } from "vitest";
import { sniffEncoding } from "./encoding.js";
import { JsonRecordSplitter } from "./json-split.js";
import { timeOf } from "./time.js";
import { countOf, flagOf, keyHashOf, traceIdOf } from "./values.js";

function split(text: string, chunkSize: number) {
  const splitter = new JsonRecordSplitter();
  const records: { line: number; text: string }[] = [];
  const problems: { line: number; message: string }[] = [];
  for (let i = 0; i < text.length; i += chunkSize) {
    const out = splitter.push(text.slice(i, i + chunkSize));
    records.push(...out.records);
    problems.push(...out.problems);
  }
  return { records, problems, ...splitter.end() };
}

describe("JsonRecordSplitter", () => {
  const page = '{"data": [\n  {"a": "x]}\\"{", "b": [1, {"c": 2}]},\n  {"a": 2}\n], "total": 2, "page": 1}';

  it("splits page objects into their data elements, whatever the chunk size", () => {
    for (const size of [1, 2, 3, 7, 1000]) {
      const out = split(page, size);
      expect(out.records).toEqual([
        { line: 2, text: '{"a": "x]}\\"{", "b": [1, {"c": 2}]}' },
        { line: 3, text: '{"a": 2}' },
      ]);
      expect(out.truncatedAt).toBeNull();
    }
  });

  it("yields array elements, scalars as records, and whole objects", () => {
    const out = split('[{"a":1}, 7, "s"]\n{"data": 3, "b": [1]}', 4);
    expect(out.records.map((r) => r.text)).toEqual(['{"a":1}', "7", '"s"', '{"data": 3, "b": [1]}']);
  });

  it("reports garbage outside values and a truncated record by its start line", () => {
    const out = split('oops [{"a":1},\n{"b":', 5);
    expect(out.problems).toEqual([{ line: 1, message: "unexpected 'o' outside any JSON value" }]);
    expect(out.records.map((r) => r.text)).toEqual(['{"a":1}']);
    expect(out.truncatedAt).toBe(2);
  });
});

describe("values", () => {
  it("reads times as UTC with microseconds", () => {
    expect(timeOf("2025-01-24 09:20:46.847371")).toEqual({ ok: true, value: "2025-01-24 09:20:46.847371" });
    expect(timeOf("2025-01-24T09:20:46.8473719Z")).toEqual({ ok: true, value: "2025-01-24 09:20:46.847371" });
    expect(timeOf("2025-01-01T01:30:00-02:30")).toEqual({ ok: true, value: "2025-01-01 04:00:00.000000" });
    expect(timeOf("2025-06-02 14:03:11.48+00")).toEqual({ ok: true, value: "2025-06-02 14:03:11.480000" });
    expect(timeOf(1737710446.847371)).toEqual({ ok: true, value: "2025-01-24 09:20:46.847371" });
    expect(timeOf(1737710446847)).toEqual({ ok: true, value: "2025-01-24 09:20:46.847000" });
    expect(timeOf("2025-02-30 10:00:00").ok).toBe(false);
    expect(timeOf("")).toEqual({ ok: true, value: null });
  });

  it("reads counts, flags, key hashes and trace ids", () => {
    expect(countOf("12")).toEqual({ ok: true, value: 12 });
    expect(countOf(" ")).toEqual({ ok: true, value: null });
    expect(countOf("1.5").ok).toBe(false);
    expect(countOf(-1).ok).toBe(false);
    expect([flagOf("True"), flagOf("None"), flagOf("f"), flagOf(1)]).toEqual([true, null, false, true]);
    expect(keyHashOf("sk-1234")).toBe("88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b");
    expect(keyHashOf("litellm_proxy_master_key")).toBe("litellm_proxy_master_key");
    expect(traceIdOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).toBe(
      "4bf92f3577b34da6a3ce929d0e0e4736",
    );
    expect(traceIdOf("00000000000000000000000000000000")).toBeNull();
  });

  it("sniffs the encoding from the first bytes", () => {
    expect(sniffEncoding('{\n  "a": 1\n}')).toBe("json");
    expect(sniffEncoding('{"a": 1}\n{"a": 2}')).toBe("ndjson");
    expect(sniffEncoding(" [")).toBe("json");
    expect(sniffEncoding("a,b\n1,2")).toBe("csv");
    expect(sniffEncoding(" \n")).toBeNull();
  });
});
