import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { loadOtlpJson } from "./otlp-json.js";

const FIXTURE = new URL("../formats/fixtures/otlp/batches.jsonl", import.meta.url).pathname;

describe("loadOtlpJson", () => {
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

  const rows = (where = "1") =>
    engine.query<Record<string, unknown>>(
      sql(`SELECT * FROM otel_traces WHERE ${where} ORDER BY Timestamp, SpanId`),
    );

  it("loads every line of a Collector file-exporter output, reporting bad lines", async () => {
    const { counts, issues } = await loadOtlpJson(
      engine,
      { lines: { path: FIXTURE, compression: "none" } },
      { file: "batches.jsonl", keepContent: false },
    );
    expect(counts).toEqual({ read: 9, skipped: 4 });
    expect(issues.map((i) => [i.line, i.code])).toEqual([
      [4, "bad_json"],
      [5, "bad_json"],
      [6, "bad_record"],
      [7, "bad_record"],
    ]);
    expect(issues[0]?.file).toBe("batches.jsonl");
    const all = await rows();
    expect(all.map((r) => r.SpanId)).toEqual([
      "eee19b7ec3c1b174",
      "00f067aa0ba902b7",
      "1111111111111111",
      "2222222222222222",
      "3333333333333333",
    ]);
  });

  it("writes exactly what the exporter writes", async () => {
    await loadOtlpJson(
      engine,
      { lines: { path: FIXTURE, compression: "none" } },
      { file: "f", keepContent: false },
    );
    const [root, chat] = await rows(
      "TraceId = '5b8efff798038103d269b633813fc60c' AND ServiceName = 'checkout-api'",
    );
    expect(root).toMatchObject({
      Timestamp: "2023-11-14 22:13:20.000000000",
      TraceId: "5b8efff798038103d269b633813fc60c",
      ParentSpanId: "",
      SpanKind: "Server",
      StatusCode: "Unset",
      Duration: 2_500_000_000,
      ResourceAttributes: {
        "service.name": "checkout-api",
        "service.instance.count": "3",
        "deployment.environment": "production",
      },
      SpanAttributes: {
        "http.request.method": "POST",
        "http.response.status_code": "200",
        tenant_id: "acme",
      },
    });
    expect(chat).toEqual({
      Timestamp: "2023-11-14 22:13:20.100000000",
      TraceId: "5b8efff798038103d269b633813fc60c",
      SpanId: "00f067aa0ba902b7",
      ParentSpanId: "eee19b7ec3c1b174",
      TraceState: "vendor=x",
      SpanName: "chat gpt-4o",
      SpanKind: "Client",
      ServiceName: "checkout-api",
      ResourceAttributes: {
        "service.name": "checkout-api",
        "service.instance.count": "3",
        "deployment.environment": "production",
      },
      ScopeName: "@opentelemetry/instrumentation-openai",
      ScopeVersion: "0.21.0",
      SpanAttributes: {
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": "812",
        "gen_ai.usage.output_tokens": "-5",
        "gen_ai.request.temperature": "0.7",
        tiny: "1e-7",
        huge: "1e+21",
        whole: "2",
        "llm.is_streaming": "false",
        "gen_ai.response.finish_reasons": '["stop"]',
        mixed: '["a\\u003cb",7,1.5,true,null,["x"]]',
        "app.meta": '{"budget":10,"tags":["t1"],"team":"a"}',
        blob: "AQID",
        nothing: "",
        "output.value": '{"id":"chatcmpl-123","model":"gpt-4o","usage":{"prompt_tokens":812}}',
      },
      Duration: 1_200_000_123,
      StatusCode: "Error",
      StatusMessage: "429 Too Many Requests",
      "Events.Timestamp": ["2023-11-14 22:13:20.200000000", "2023-11-14 22:13:20.300000000"],
      "Events.Name": ["gen_ai.choice", "exception"],
      "Events.Attributes": [{ index: "0" }, {}],
      "Links.TraceId": ["0af7651916cd43dd8448eb211c80319c"],
      "Links.SpanId": ["b7ad6b7169203331"],
      "Links.TraceState": ["a=b"],
      "Links.Attributes": [{ "link.kind": "queue" }],
    });
  });

  it("stores '' for an all-zero trace id and for a missing service.name", async () => {
    await loadOtlpJson(
      engine,
      { lines: { path: FIXTURE, compression: "none" } },
      { file: "f", keepContent: false },
    );
    const rest = await rows("SpanId IN ('1111111111111111', '2222222222222222', '3333333333333333')");
    expect(
      rest.map((r) => [r.TraceId, r.ServiceName, r.ScopeName, r.ScopeVersion, r.SpanKind, r.StatusCode]),
    ).toEqual([
      ["5b8efff798038103d269b633813fc60c", "litellm-proxy", "litellm", "", "Internal", "Ok"],
      ["", "litellm-proxy", "other", "2", "Consumer", "Unset"],
      ["6b8efff798038103d269b633813fc60c", "", "", "", "Unspecified", "Unset"],
    ]);
    expect(rest.map((r) => r.Duration)).toEqual([1_100_000_000, 1, 0]);
  });

  it("keeps prompt and completion text only when asked", async () => {
    await loadOtlpJson(
      engine,
      { lines: { path: FIXTURE, compression: "none" } },
      { file: "f", keepContent: true },
    );
    const [chat] = await rows("SpanId = '00f067aa0ba902b7'");
    const attributes = chat?.SpanAttributes as Record<string, string>;
    expect(attributes["gen_ai.prompt.0.content"]).toBe("secret prompt");
    expect(attributes["gen_ai.input.messages"]).toBe('[{"role":"user","content":"secret"}]');
    expect(attributes["output.value"]).toContain('"choices"');
    expect(chat?.["Events.Attributes"]).toEqual([{ index: "0", "gen_ai.completion": "secret answer" }, {}]);
  });

  it("maps documents given as text with the same SQL, numbering issues by document", async () => {
    const lines = readFileSync(FIXTURE, "utf8").split("\n");
    const documents = lines.map((text, i) => ({ line: i + 1, text })).filter((d) => d.text !== "");
    const { counts, issues } = await loadOtlpJson(engine, { documents }, { file: "f", keepContent: false });
    expect(counts).toEqual({ read: 9, skipped: 4 });
    expect(issues.map((i) => i.line)).toEqual([4, 5, 6, 7]);
    const [fromDocs] = await rows("SpanId = '00f067aa0ba902b7'");
    await engine.exec(sql("TRUNCATE TABLE otel_traces"));
    await loadOtlpJson(
      engine,
      { lines: { path: FIXTURE, compression: "none" } },
      { file: "f", keepContent: false },
    );
    const [fromLines] = await rows("SpanId = '00f067aa0ba902b7'");
    expect(fromDocs).toEqual(fromLines);
  });

  it("names wrong types, bad times and unknown value kinds; skips only what it cannot store", async () => {
    const span = (id: string, start: string, attributes = "[]") =>
      `{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"${id}","name":"chat","startTimeUnixNano":"${start}","endTimeUnixNano":"1700000001000000000","attributes":${attributes}}`;
    const doc = (spans: string) =>
      `{"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"s"},"spans":${spans}}]}]}`;
    const odd =
      '[{"key":"team","value":{"decimalValue":"1.5"}},{"key":"tenant","value":{"stringValue":"acme"}}]';
    const documents = [
      { line: 3, text: doc(`[${span("1111111111111111", "1700000000000000000")}]`) },
      { line: 7, text: doc('"not-a-list"') },
      {
        line: 9,
        text: doc(
          `[${span("2222222222222222", "yesterday")},${span("3333333333333333", "1700000000500000000", odd)}]`,
        ),
      },
    ];
    const { counts, issues } = await loadOtlpJson(engine, { documents }, { file: "f", keepContent: false });
    expect(counts).toEqual({ read: 4, skipped: 2 });
    expect(issues.map((i) => [i.line, i.code, i.message])).toEqual([
      [
        7,
        "bad_record",
        "resourceSpans[0].scopeSpans[0].spans is a string, expected an array (OTLP/JSON: resourceSpans[].scopeSpans[].spans[]); the spans in it were skipped",
      ],
      [
        9,
        "bad_value",
        "span 3333333333333333: attribute values of a kind OTLP does not define: team (decimalValue); expected one of stringValue, boolValue, intValue, doubleValue, arrayValue, kvlistValue, bytesValue (a value of no such kind is stored empty)",
      ],
      [
        9,
        "bad_value",
        "startTimeUnixNano is 'yesterday'; expected nanoseconds since the Unix epoch (an unsigned integer): span 2222222222222222 was skipped",
      ],
    ]);
    const stored = await rows();
    expect(stored.map((r) => [r.SpanId, r.SpanAttributes])).toEqual([
      ["1111111111111111", {}],
      ["3333333333333333", { team: "", tenant: "acme" }],
    ]);
  });
});
