import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { heliconeReader } from "./helicone.js";
import { MemorySink } from "./memory-sink.js";
import { portkeyReader as reader } from "./portkey.js";
import { openInput } from "./source.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/portkey/${name}`, import.meta.url));

async function read(name: string) {
  const input = await openInput(fixture(name));
  const sink = new MemorySink();
  const counts = await reader.read(input, sink);
  return { counts, sink, input };
}

describe("portkey", () => {
  it("reads the JSONL export: cents to dollars, cache status, nested or JSON-text metadata", async () => {
    const { counts, sink, input } = await read("export.jsonl");
    expect(reader.detect(input.sample)).toBe(90);
    expect(heliconeReader.detect(input.sample)).toBe(0);
    expect(counts).toEqual({ read: 3, skipped: 0 });
    const [first, hit, failed] = sink.gatewayRowList;
    expect(first).toMatchObject({
      request_id: "4e1a2b3c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
      call_type: "/v1/chat/completions",
      spend: 0.00031815,
      prompt_tokens: 1149,
      completion_tokens: 142,
      total_tokens: 1291,
      cache_read_tokens: null,
      start_time: "2025-06-02 14:03:11.482000",
      end_time: "2025-06-02 14:03:13.900000",
      model: "gpt-4o-mini",
      provider: "openai",
      api_base: "https://api.openai.com/v1/chat/completions",
      status: "200",
      cache_hit: false,
      stream: true,
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      session_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
    expect(first?.attributes).toEqual({
      "metadata._user": "cust-0042",
      "metadata.team": "team-search",
      "metadata.tenant_id": "acme-corp",
      "metadata.feature": "semantic-search",
      "metadata._environment": "production",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      "portkey.mode": "single",
      "portkey.config": "pc-search-4f2a1b",
      "portkey.cost": "0.031815",
      "portkey.cost_currency": "USD",
    });
    expect(hit).toMatchObject({
      cache_hit: true,
      spend: 0,
      stream: false,
      trace_id: "",
      session_id: "support-run-8812",
    });
    expect(hit?.attributes["metadata.team"]).toBe("team-support");
    expect(failed).toMatchObject({ status: "429", cache_hit: false, session_id: "" });
    expect(JSON.stringify(sink.gatewayRowList)).not.toContain("Find invoices");
  });

  it("reads a CSV with flattened metadata columns; other currencies leave spend unknown", async () => {
    const { counts, sink, input } = await read("export.csv");
    expect(reader.detect(input.sample)).toBe(90);
    expect(counts).toEqual({ read: 3, skipped: 1 });
    expect(sink.issues).toEqual([
      expect.objectContaining({
        line: 4,
        code: "bad_value",
        message: "req_units is '-3'; expected a count of 0 or more",
      }),
    ]);
    expect(sink.gatewayRowList[0]?.attributes).toMatchObject({
      "metadata._user": "cust-0042",
      "metadata.team": "team-search",
      "metadata.tenant_id": "acme-corp",
    });
    expect(sink.gatewayRowList[0]?.spend).toBe(0.00031815);
    expect(sink.gatewayRowList[1]).toMatchObject({ spend: null, end_time: "2025-06-02 14:11:44.503000" });
    expect(sink.gatewayRowList[1]?.attributes).toMatchObject({
      "portkey.cost": "0.2",
      "portkey.cost_currency": "EUR",
    });
  });
});
