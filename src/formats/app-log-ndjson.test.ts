import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { appLogNdjsonReader as reader } from "./app-log-ndjson.js";
import { readIntoMemory } from "./memory-sink.js";
import { detectFormat } from "./registry.js";
import { openInput } from "./source.js";
import { checkTraceId, parseTraceparent } from "./trace-id.js";

const fixture = fileURLToPath(new URL("./fixtures/app-logs/mixed.ndjson", import.meta.url));

describe("app-log-ndjson", () => {
  it("is detected by content among every reader", async () => {
    const input = await openInput(fixture);
    expect(detectFormat(input.sample)?.id).toBe("app-log-ndjson");
  });

  it("reads pino, winston, bunyan, structlog and plain JSON lines mixed, skipping other lines", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture);
    expect(counts).toEqual({ read: 13, skipped: 4 });
    expect(sink.issues.map((i) => [i.line, i.code])).toEqual([
      [5, "bad_json"],
      [10, "bad_json"],
      [11, "bad_record"],
      [12, "bad_json"],
    ]);
    const rows = sink.appLogList;
    expect(rows.map((r) => [r.line, r.logger, r.trace_id_problem])).toEqual([
      [1, "pino", ""],
      [2, "winston", ""],
      [3, "bunyan", ""],
      [4, "structlog", "all_zeros"],
      [6, "json", ""],
      [7, "winston", "truncated"],
      [8, "json", "truncated"],
      [9, "json", "not_hex"],
      [13, "json", "empty"],
    ]);
  });

  it("maps the envelope of each logger into columns", async () => {
    const { sink } = await readIntoMemory(reader, fixture);
    const [pino, winston, bunyan, structlog, ecs] = sink.appLogList;
    expect(pino).toMatchObject({
      timestamp: "2025-06-02 14:03:31.482000",
      trace_id_raw: "4bf92f3577b34da6a3ce929d0e0e4736",
      trace_id_field: "trace_id",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: "00f067aa0ba902b7",
      service: "chat-api",
      level: "info",
      status: "200",
      latency_ms: 1840,
      identity: { tenant_id: "acme-corp" },
    });
    expect(pino?.field_kinds).toEqual({
      trace_flags: "string",
      "req.id": "string",
      "req.method": "string",
      "req.url": "string",
      "req.remoteAddress": "ipv4",
      msg: "string",
    });
    expect(winston).toMatchObject({
      trace_id_raw: "4BF92F3577B34DA6A3CE929D0E0E4736",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: "a3ce929d0e0e4736",
      service: "search-worker",
      identity: { teamId: "search" },
      field_kinds: { message: "email" },
    });
    expect(bunyan).toMatchObject({
      trace_id_field: "trace.id",
      trace_id: "0af7651916cd43dd8448eb211c80319c",
      service: "billing-sync",
      level: "error",
      status: "429",
      latency_ms: 212.5,
      timestamp: "2025-06-02 14:03:12.004000",
    });
    expect(structlog).toMatchObject({
      event_name: "llm_request_completed",
      level: "warn",
      trace_id: "",
      span_id: "",
      service: "planner",
      identity: { workflow_id: "wf-nightly-digest" },
      field_kinds: { logger: "string", "user.email": "email", "user.phone": "phone" },
    });
    expect(ecs).toMatchObject({
      trace_id_field: "traceparent",
      trace_id: "5c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f",
      span_id: "1a2b3c4d5e6f7a8b",
      level: "error",
      status: "504",
      latency_ms: 30000,
      identity: { session_id: "sess-77a1", customer_id: "cust-0042" },
    });
  });

  it("never stores message text or secrets, only their kinds", async () => {
    const { sink } = await readIntoMemory(reader, fixture);
    const text = JSON.stringify(sink.appLogList);
    for (const secret of ["alice@example.com", "bob@example.org", "sk-proj", "llm call finished", "7946"]) {
      expect(text).not.toContain(secret);
    }
    expect(sink.appLogList.find((r) => r.line === 8)?.field_kinds.auth).toBe("secret");
  });
});

describe("trace id checks", () => {
  it("normalises case, dashes and traceparents and names what is wrong", () => {
    expect(checkTraceId("4BF92F35-77B3-4DA6-A3CE-929D0E0E4736")).toEqual({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      problem: "",
    });
    expect(checkTraceId("").problem).toBe("empty");
    expect(checkTraceId("00000000000000000000000000000000").problem).toBe("all_zeros");
    expect(checkTraceId("a3ce929d0e0e4736").problem).toBe("wrong_length");
    expect(checkTraceId("4bf92f3577b34da6a3ce929d0e0e4736ff").problem).toBe("wrong_length");
    expect(checkTraceId("4bf92f3577b3").problem).toBe("truncated");
    expect(checkTraceId("trace-xyz").problem).toBe("not_hex");
    expect(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toEqual({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      problem: "",
    });
    expect(parseTraceparent("00-4bf92f3577b34da6a3ce9").problem).toBe("truncated");
  });
});
