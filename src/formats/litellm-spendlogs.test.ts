import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { litellmSpendLogsReader as reader } from "./litellm-spendlogs.js";
import { MemorySink } from "./memory-sink.js";
import { openInput } from "./source.js";

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/litellm-spendlogs/${name}`, import.meta.url));
const corpus = (name: string) => `/work/shared/corpus/${name}`;

const TEAM_KEY = "3223b9237922712112b7b3d8ebb16735adf860f8bebc0a554e9d82b221364a31";
const MASTER_KEY = "cc60d03bed450c63c4d74dea740e792de685a31e953c1c1e5aaf627e7c911638";

async function read(path: string) {
  const input = await openInput(path);
  const sink = new MemorySink();
  const counts = await reader.read(input, sink);
  return { counts, sink, score: reader.detect(input.sample) };
}

describe("litellm-spendlogs: psql CSV export", () => {
  it("reads every row with exact values", async () => {
    const { counts, sink, score } = await read(fixture("spendlogs.csv"));
    expect(score).toBe(90);
    expect(counts).toEqual({ read: 5, skipped: 0 });
    expect(sink.issues).toEqual([]);
    const [team, master, hit, failure, anthropic] = sink.gatewayRowList;
    expect(team).toMatchObject({
      source_format: "litellm-spendlogs",
      source_line: 2,
      request_id: "chatcmpl-BdR7kq2Vf3XJ9mYtQ1aZsLwE0pNc",
      call_type: "acompletion",
      api_key_hash: TEAM_KEY,
      spend: 0.00031815,
      prompt_tokens: 1149,
      completion_tokens: 142,
      total_tokens: 1291,
      cache_read_tokens: 1024,
      cache_write_tokens: null,
      start_time: "2025-06-02 14:03:11.482000",
      end_time: "2025-06-02 14:03:13.900000",
      model: "gpt-4o-mini-2024-07-18",
      model_group: "gpt-4o-mini",
      provider: "openai",
      status: "success",
      cache_hit: false,
      stream: true,
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      session_id: "5b9e7a0c-3d1f-4f6e-9a51-0c2d8e7b4a11",
    });
    expect(team?.attributes).toMatchObject({
      team_id: "team-search",
      user: "u-7781",
      end_user: "cust-0042",
      organization_id: "org-main",
      request_tags: '["prod","search"]',
      "metadata.user_api_key_alias": "search-prod",
      "metadata.spend_logs_metadata": '{"tenant":"acme-corp","feature":"semantic-search"}',
    });
    expect(master).toMatchObject({
      api_key_hash: MASTER_KEY,
      stream: null,
      trace_id: "",
      cache_read_tokens: null,
    });
    expect(master?.attributes).toEqual({
      user: "default_user_id",
      session_id: "e2f4a6c8-1b3d-4e5f-8a9b-7c6d5e4f3a2b",
      "metadata.user_api_key": MASTER_KEY,
      "metadata.user_api_key_user_id": "default_user_id",
      "metadata.usage_object":
        '{"completion_tokens":145,"prompt_tokens":310,"total_tokens":455,"completion_tokens_details":null,"prompt_tokens_details":null}',
      "metadata.status": "success",
    });
    expect(hit).toMatchObject({ cache_hit: true, spend: 0, prompt_tokens: 1149, api_base: "" });
    expect(failure).toMatchObject({ status: "failure", cache_hit: null, prompt_tokens: 0, spend: 0 });
    expect(failure?.attributes["metadata.error_information"]).toBe(
      '{"error_code":"429","error_class":"RateLimitError","llm_provider":"openai"}',
    );
    expect(anthropic).toMatchObject({
      provider: "anthropic",
      prompt_tokens: 5132,
      cache_read_tokens: 4096,
      cache_write_tokens: 1024,
      spend: 0.0069216,
    });
    expect(anthropic?.attributes.agent_id).toBe("agent-triage");
  });

  it("never stores bodies, prompts, credentials, e-mails or IP addresses", async () => {
    const { sink } = await read(fixture("spendlogs.csv"));
    const stored = JSON.stringify(sink.gatewayRowList);
    for (const secret of [
      "Find invoices",
      "Bearer",
      "sk-search",
      "10.4.2.17",
      "Jane",
      "Traceback",
      "model_map",
    ]) {
      expect(stored).not.toContain(secret);
    }
  });
});

describe("litellm-spendlogs: JSON shapes", () => {
  it("reads a /spend/logs/v2 page (typed values, ISO times, objects)", async () => {
    const { counts, sink, score } = await read(fixture("spend-logs-v2-page.json"));
    expect(score).toBe(90);
    expect(counts).toEqual({ read: 2, skipped: 0 });
    expect(
      sink.gatewayRowList.map((r) => [r.request_id, r.start_time, r.prompt_tokens, r.cache_read_tokens]),
    ).toEqual([
      ["chatcmpl-BdR7kq2Vf3XJ9mYtQ1aZsLwE0pNc", "2025-06-02 14:03:11.482000", 1149, 1024],
      ["chatcmpl-BdR8Qm0aTt4c6yWvN2hKdJ5sPq7E", "2025-06-02 14:05:40.117000", 310, null],
    ]);
    expect(sink.gatewayRowList[0]?.attributes["metadata.spend_logs_metadata"]).toBe(
      '{"tenant":"acme-corp","feature":"semantic-search"}',
    );
  });

  it("reads the corpus GCS Pub/Sub row as EXPECTED.json says", async () => {
    const { counts, sink, score } = await read(corpus("litellm-proxy-spendlogs-row-gcs-pubsub.json"));
    expect(score).toBe(90);
    expect(counts).toEqual({ read: 1, skipped: 0 });
    expect(sink.gatewayRowList[0]).toMatchObject({
      source_line: 1,
      request_id: "chatcmpl-2283081b-dc89-41f6-93e6-d4f914774027",
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
      status: "success",
      cache_hit: null,
      stream: null,
      session_id: "1234567890",
    });
    const attributes = sink.gatewayRowList[0]?.attributes ?? {};
    expect(attributes.session_id).toBe("1234567890");
    for (const absent of ["user", "team_id", "organization_id", "end_user", "request_tags"]) {
      expect(attributes[absent]).toBeUndefined();
    }
    expect(JSON.parse(attributes["metadata.usage_object"] ?? "{}")).toMatchObject({ prompt_tokens: 10 });
  });
});

describe("litellm-spendlogs: bad input", () => {
  const dir = mkdtempSync(join(tmpdir(), "spendtrail-spendlogs-"));
  const write = (name: string, text: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const header =
    "request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,startTime,endTime";

  it("skips a CSV without its required columns with one missing_column issue", async () => {
    const path = write("no-time.csv", "request_id,call_type,spend\nr1,acompletion,0.1\n");
    const { counts, sink } = await read(path);
    expect(counts).toEqual({ read: 0, skipped: 0 });
    expect(sink.issues).toHaveLength(1);
    expect(sink.issues[0]).toMatchObject({ line: null, code: "missing_column" });
    expect(sink.issues[0]?.message).toContain(
      "missing column(s) startTime or start_time; expected a LiteLLM_SpendLogs",
    );
  });

  it("skips rows with non-numeric or negative token counts, keeps a bad spend as null", async () => {
    const text = [
      header,
      "r1,acompletion,,0.1,abc,5,5,2025-06-02 10:00:00,2025-06-02 10:00:01",
      "r2,acompletion,,0.1,10,-5,15,2025-06-02 10:00:00,2025-06-02 10:00:01",
      "r3,acompletion,,lots,10,5,5,2025-06-02 10:00:00,2025-06-02 10:00:01",
      "r4,acompletion,,0.1,10,5,5,yesterday,",
      "r5,acompletion,,0.2,10,5,5,2025-06-02T12:00:00+02:00,",
    ].join("\n");
    const { counts, sink } = await read(write("bad-values.csv", text));
    expect(counts).toEqual({ read: 5, skipped: 3 });
    expect(sink.issues.map((i) => [i.line, i.code])).toEqual([
      [2, "bad_value"],
      [3, "bad_value"],
      [4, "bad_value"],
      [5, "bad_value"],
    ]);
    expect(sink.issues[0]?.message).toBe("total_tokens is 'abc'; expected a whole number");
    expect(sink.issues[1]?.message).toBe("prompt_tokens is '-5'; expected a count of 0 or more");
    expect(sink.gatewayRowList.map((r) => [r.request_id, r.spend, r.start_time, r.end_time])).toEqual([
      ["r3", null, "2025-06-02 10:00:00.000000", "2025-06-02 10:00:01.000000"],
      ["r5", 0.2, "2025-06-02 10:00:00.000000", "2025-06-02 10:00:00.000000"],
    ]);
  });

  it("reports a truncated JSON array and keeps the records before it", async () => {
    const text =
      '[\n{"request_id": "a", "call_type": "acompletion", "startTime": "2025-06-02 10:00:00"},\n{"request_id": "b", "startT';
    const { counts, sink } = await read(write("truncated.json", text));
    expect(counts).toEqual({ read: 2, skipped: 1 });
    expect(sink.gatewayRowList.map((r) => r.request_id)).toEqual(["a"]);
    expect(sink.issues).toEqual([expect.objectContaining({ line: 3, code: "truncated" })]);
  });

  it("reports an empty file and a gzip that ends early", async () => {
    const empty = await read(write("empty.csv", ""));
    expect(empty.counts).toEqual({ read: 0, skipped: 0 });
    expect(empty.sink.issues).toEqual([expect.objectContaining({ line: null, code: "empty" })]);

    const rows = Array.from(
      { length: 400 },
      (_, i) => `{"request_id": "r${i}", "startTime": "2025-06-02 10:00:00", "prompt_tokens": ${i}}`,
    );
    const gz = gzipSync(rows.join("\n"));
    const cut = await read(write("cut.ndjson.gz", gz.subarray(0, gz.length - 40)));
    expect(cut.sink.issues.at(-1)).toMatchObject({ line: null, code: "truncated" });
    expect(cut.counts.read).toBeGreaterThan(300);
  });

  it("reads NDJSON line by line with a bad line in the middle", async () => {
    const text = [
      '{"request_id": "a", "startTime": "2025-06-02 10:00:00", "call_type": "acompletion"}',
      '{"request_id": "b", "startTime": ',
      '{"request_id": "c", "startTime": 1748858400.25, "call_type": "acompletion"}',
    ].join("\n");
    const { counts, sink, score } = await read(write("rows.ndjson", text));
    expect(score).toBe(90);
    expect(counts).toEqual({ read: 3, skipped: 1 });
    expect(sink.issues).toEqual([expect.objectContaining({ line: 2, code: "bad_json" })]);
    expect(sink.gatewayRowList.map((r) => [r.request_id, r.start_time, r.source_line])).toEqual([
      ["a", "2025-06-02 10:00:00.000000", 1],
      ["c", "2025-06-02 10:00:00.250000", 3],
    ]);
  });
});
