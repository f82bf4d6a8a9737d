import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { heliconeReader as reader } from "./helicone.js";
import { litellmSpendLogsReader } from "./litellm-spendlogs.js";
import { MemorySink } from "./memory-sink.js";
import { openInput } from "./source.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/helicone/${name}`, import.meta.url));

async function read(name: string) {
  const input = await openInput(fixture(name));
  const sink = new MemorySink();
  const counts = await reader.read(input, sink);
  return { counts, sink, input };
}

describe("helicone", () => {
  it("reads the JSONL export, adding cache tokens back into prompt_tokens", async () => {
    const { counts, sink, input } = await read("export.jsonl");
    expect(reader.detect(input.sample)).toBe(90);
    expect(litellmSpendLogsReader.detect(input.sample)).toBe(0);
    expect(counts).toEqual({ read: 3, skipped: 0 });
    expect(sink.issues).toEqual([]);
    const [openai, anthropic, limited] = sink.gatewayRowList;
    expect(openai).toMatchObject({
      source_format: "helicone",
      source_line: 1,
      request_id: "7f3c2a1e-9b8d-4c6e-a5f4-3e2d1c0b9a87",
      call_type: "/v1/chat/completions",
      spend: 0.00031815,
      prompt_tokens: 1149,
      completion_tokens: 142,
      total_tokens: 1291,
      cache_read_tokens: 1024,
      cache_write_tokens: 0,
      start_time: "2025-06-02 14:03:11.482000",
      end_time: "2025-06-02 14:03:13.900000",
      model: "gpt-4o-mini-2024-07-18",
      model_group: "gpt-4o-mini",
      provider: "OPENAI",
      api_base: "https://api.openai.com/v1/chat/completions",
      status: "200",
      cache_hit: false,
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      session_id: "sess-77a1",
    });
    expect(openai?.attributes).toEqual({
      "properties.team": "team-search",
      "properties.tenant": "acme-corp",
      "properties.helicone-session-id": "sess-77a1",
      "properties.traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "helicone.user_id": "cust-0042",
    });
    expect(anthropic).toMatchObject({
      prompt_tokens: 5132,
      cache_read_tokens: 4096,
      cache_write_tokens: 1024,
    });
    expect(limited).toMatchObject({
      status: "429",
      prompt_tokens: null,
      completion_tokens: null,
      spend: 0,
      end_time: "2025-06-02 14:07:02.913000",
      model: "gpt-4o",
      attributes: {},
    });
    const stored = JSON.stringify(sink.gatewayRowList);
    for (const secret of ["Find invoices", "X-Amz-Signature", "secret"]) expect(stored).not.toContain(secret);
  });

  it("reads the CSV export's fixed columns and skips a row with a bad token count", async () => {
    const { counts, sink, input } = await read("export.csv");
    expect(reader.detect(input.sample)).toBe(90);
    expect(counts).toEqual({ read: 3, skipped: 1 });
    expect(sink.issues).toEqual([
      {
        file: fixture("export.csv"),
        line: 4,
        code: "bad_value",
        message: "prompt_tokens is 'n/a'; expected a whole number",
      },
    ]);
    expect(
      sink.gatewayRowList.map((r) => [r.request_id, r.prompt_tokens, r.spend, r.end_time, r.session_id]),
    ).toEqual([
      ["d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a", 125, null, "2025-06-02 14:03:13.900000", "sess-77a1"],
      ["b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e", 12, 0.0069216, "2025-06-02 14:10:01.350000", ""],
    ]);
    expect(sink.gatewayRowList[1]?.attributes).toEqual({
      "properties.tenant": "globex",
      "helicone.user_id": "globex",
    });
    expect(JSON.stringify(sink.gatewayRowList)).not.toContain("Find invoices");
  });
});
