import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { litellmPayloadReader as reader } from "./litellm-payload.js";
import { litellmSpendLogsReader } from "./litellm-spendlogs.js";
import { MemorySink } from "./memory-sink.js";
import { openInput } from "./source.js";

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/litellm-payload/${name}`, import.meta.url));

async function read(path: string) {
  const input = await openInput(path);
  const sink = new MemorySink();
  const counts = await reader.read(input, sink);
  return { counts, sink, input };
}

describe("litellm-payload", () => {
  it("reads the corpus StandardLoggingPayload as EXPECTED.json says", async () => {
    const { counts, sink, input } = await read(
      "/work/shared/corpus/litellm-standard-logging-payload-stream.json",
    );
    expect(reader.detect(input.sample)).toBe(85);
    expect(litellmSpendLogsReader.detect(input.sample)).toBe(0);
    expect(counts).toEqual({ read: 1, skipped: 0 });
    expect(sink.issues).toEqual([]);
    expect(sink.gatewayRowList[0]).toEqual({
      source_format: "litellm-payload",
      source_file: "/work/shared/corpus/litellm-standard-logging-payload-stream.json",
      source_line: 1,
      request_id: "chatcmpl-2299b6a2-82a3-465a-b47c-04e685a2227f",
      call_type: "acompletion",
      api_key_hash: "",
      spend: 0.00022500000000000002,
      prompt_tokens: 10,
      completion_tokens: 20,
      total_tokens: 30,
      cache_read_tokens: null,
      cache_write_tokens: null,
      start_time: "2025-01-24 09:20:46.847371",
      end_time: "2025-01-24 09:20:46.851954",
      model: "gpt-4o",
      model_group: "",
      provider: "openai",
      api_base: "https://api.openai.com",
      status: "success",
      cache_hit: null,
      stream: true,
      trace_id: "",
      session_id: "",
      attributes: {},
    });
  });

  it("reads NDJSON payloads with epoch times, cache tokens and key metadata", async () => {
    const { counts, sink } = await read(fixture("payloads.ndjson"));
    expect(counts).toEqual({ read: 2, skipped: 0 });
    const [ok, failed] = sink.gatewayRowList;
    expect(ok).toMatchObject({
      request_id: "chatcmpl-8f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
      api_key_hash: "b39762e6aeda1848c6a06e26d183779b9a02cebc11077b2bb7e2b88033af385a",
      prompt_tokens: 5132,
      cache_read_tokens: 4096,
      cache_write_tokens: 1024,
      start_time: "2025-06-02 14:09:55.001234",
      end_time: "2025-06-02 14:10:01.350000",
      stream: false,
      trace_id: "0af7651916cd43dd8448eb211c80319c",
      session_id: "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d",
    });
    expect(ok?.attributes).toMatchObject({
      team_id: "team-support",
      user: "u-2210",
      organization_id: "org-main",
      end_user: "globex",
      request_tags: '["support"]',
      "metadata.spend_logs_metadata": '{"tenant":"globex","feature":"ticket-summary"}',
    });
    expect(failed).toMatchObject({ status: "failure", prompt_tokens: 0, cache_read_tokens: null });
    expect(failed?.attributes["metadata.error_information"]).toBe(
      '{"error_code":"429","error_class":"RateLimitError","llm_provider":"anthropic"}',
    );
    const stored = JSON.stringify(sink.gatewayRowList);
    for (const secret of ["Summarize", "customer reports", "jane.doe", "10.4.2.18", "Traceback"]) {
      expect(stored).not.toContain(secret);
    }
  });
});
