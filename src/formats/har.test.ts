import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { harReader as reader } from "./har.js";
import { bodyText } from "./har-body.js";
import { HarEntrySplitter } from "./har-split.js";
import { readIntoMemory } from "./memory-sink.js";
import { detectFormat } from "./registry.js";
import { openInput } from "./source.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/har/${name}`, import.meta.url));
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("har", () => {
  it("is detected by content", async () => {
    const input = await openInput(fixture("llm-session.har"));
    expect(reader.detect(input.sample)).toBe(95);
    expect(detectFormat(input.sample)?.id).toBe("har");
  });

  it("keeps LLM calls, skips other entries as not_llm and broken ones as bad_record", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("llm-session.har"));
    expect(counts).toEqual({ read: 11, skipped: 3 });
    expect(sink.issues.map((i) => [i.line, i.code])).toEqual([
      [1, "not_llm"],
      [2, "not_llm"],
      [11, "bad_record"],
    ]);
    expect(
      sink.captureList.map((r) => [r.entry, r.api, r.response_status, r.stream_complete, r.body_problem]),
    ).toEqual([
      [3, "openai_chat", 200, true, ""],
      [4, "openai_chat", 200, true, ""],
      [5, "openai_chat", 200, false, ""],
      [6, "anthropic_messages", 200, true, ""],
      [7, "openai_chat", 429, true, ""],
      [8, "openai_chat", 200, true, ""],
      [9, "openai_chat", 502, false, "not_json"],
      [10, "openai_responses", 200, true, ""],
    ]);
  });

  it("reads an OpenAI JSON response with identity from headers and body", async () => {
    const { sink } = await readIntoMemory(reader, fixture("llm-session.har"));
    const chat = sink.captureList[0];
    expect(chat).toMatchObject({
      started_at: "2025-06-02 14:03:11.482000",
      duration_ms: 2418.7,
      method: "POST",
      host: "api.openai.com",
      path: "/v1/chat/completions",
      provider: "openai",
      request_model: "gpt-4o-mini",
      stream: null,
      user: "cust-0042",
      metadata: { team_id: "search" },
      api_key_hash: sha256("sk-proj-test-Zq8v1Ab2Cd3Ef4Gh"),
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      trace_id_problem: "",
      span_id: "00f067aa0ba902b7",
      headers: {
        "x-tenant-id": "acme-corp",
        "openai-project": "proj_search",
        baggage: "team_id=search,workflow_id=wf-digest",
      },
      request_id: "req_6b1f0e2c9a7d4e3b",
      response_id: "chatcmpl-BuDvP2T2wqjyYCMsOAV0LWyiCGaz4",
      response_model: "gpt-4o-mini-2024-07-18",
      input_tokens: 1149,
      uncached_input_tokens: 125,
      cache_read_tokens: 1024,
      cache_write_tokens: null,
      output_tokens: 353,
      reasoning_tokens: 0,
      total_tokens: 1502,
    });
    expect(JSON.stringify(sink.captureList)).not.toContain("sk-proj-test");
    expect(JSON.stringify(sink.captureList)).not.toContain("Summarise the article");
  });

  it("reads SSE streams: the usage chunk, a stream cut before it, Anthropic start + last delta", async () => {
    const { sink } = await readIntoMemory(reader, fixture("llm-session.har"));
    const [, streamed, cut, anthropic] = sink.captureList;
    expect(streamed).toMatchObject({
      stream: true,
      response_id: "chatcmpl-BuDvHbKGyexqi9yq72brOvY4WfZMH",
      input_tokens: 57,
      uncached_input_tokens: 57,
      cache_read_tokens: 0,
      output_tokens: 17,
      total_tokens: 74,
    });
    expect(cut).toMatchObject({
      stream: true,
      stream_complete: false,
      response_id: "chatcmpl-BuDvJx3KqTQ0b1nKcYfQyq0m3hLrA",
      input_tokens: null,
      output_tokens: null,
      trace_id_problem: "empty",
    });
    expect(anthropic).toMatchObject({
      provider: "anthropic",
      request_model: "claude-sonnet-4-5",
      response_model: "claude-sonnet-4-5-20250929",
      response_id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      request_id: "req_011CSHoEeqs5C35K2UUqR7Fy",
      api_key_hash: sha256("sk-ant-api03-test-key-0001"),
      metadata: { user_id: "tenant-globex" },
      headers: { "x-tenant-id": "globex" },
      input_tokens: 5132,
      uncached_input_tokens: 12,
      cache_read_tokens: 4096,
      cache_write_tokens: 1024,
      output_tokens: 142,
      total_tokens: null,
    });
  });

  it("reads a 429 then a gzip base64 200 of the same request, a non-JSON 502 and a Responses call", async () => {
    const { sink } = await readIntoMemory(reader, fixture("llm-session.har"));
    const [limited, retried, failed, responses] = sink.captureList.slice(4);
    expect(limited).toMatchObject({
      error_type: "requests",
      response_id: null,
      host: "localhost:4000",
      provider: null,
    });
    expect(retried).toMatchObject({
      response_id: "chatcmpl-C1aa7Hq2nJ3mZ9Yt0Rk5wXvB8sLpE",
      input_tokens: 88,
      output_tokens: 2,
      reported_cost: 0.0000144,
      trace_id: "7a3f9c2e1b4d5f6a8c9e0d1f2a3b4c5d",
      api_key_hash: sha256("sk-litellm-team-search-0001"),
      headers: { "x-litellm-tags": "support-triage", "x-team-id": "support" },
    });
    expect(retried?.api_key_hash).toBe(limited?.api_key_hash);
    expect(failed).toMatchObject({ response_status: 502, input_tokens: null, error_type: null });
    expect(responses).toMatchObject({
      response_id: "resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b",
      user: "cust-0099",
      input_tokens: 2006,
      uncached_input_tokens: 86,
      cache_read_tokens: 1920,
      output_tokens: 300,
      reasoning_tokens: 128,
      total_tokens: 2306,
    });
  });

  it("reports a capture cut inside an entry and keeps the entries before it", async () => {
    const { sink, counts } = await readIntoMemory(reader, fixture("cut.har"));
    expect(counts).toEqual({ read: 4, skipped: 3 });
    expect(sink.captureList.map((r) => r.entry)).toEqual([3]);
    expect(sink.issues.at(-1)).toMatchObject({ line: 4, code: "truncated" });
  });

  it("splits entries across any chunk boundary", () => {
    const doc = '{"log":{"version":"1.2","entries":[{"a":"x\\"}{"},{"b":[1,{"c":2}]}],"pages":[{"d":1}]}}';
    for (const size of [1, 3, 7, doc.length]) {
      const splitter = new HarEntrySplitter();
      const texts: string[] = [];
      for (let i = 0; i < doc.length; i += size)
        texts.push(...splitter.push(doc.slice(i, i + size)).map((e) => e.text));
      expect(texts).toEqual(['{"a":"x\\"}{"}', '{"b":[1,{"c":2}]}']);
      expect(splitter.end()).toEqual({ openEntry: null, openDocument: false });
    }
  });

  it("reports bodies it cannot decode instead of failing", () => {
    const gz = gzipSync(Buffer.from('{"id":"x"}')).toString("base64");
    expect(bodyText({ text: gz, encoding: "base64" }, "gzip")).toEqual({ ok: true, text: '{"id":"x"}' });
    expect(bodyText({ text: "not base64 at all!", encoding: "base64" }, "")).toEqual({
      ok: false,
      problem: "bad_base64",
    });
    const cutGzip = gzipSync(Buffer.from("x".repeat(500)))
      .subarray(0, 12)
      .toString("base64");
    expect(bodyText({ text: cutGzip, encoding: "base64" }, "gzip")).toEqual({
      ok: false,
      problem: "bad_gzip",
    });
    expect(bodyText({ size: 5120, mimeType: "text/event-stream" }, "")).toEqual({
      ok: false,
      problem: "not_captured",
    });
    expect(bodyText({ size: 0, text: "" }, "")).toEqual({ ok: false, problem: "empty" });
  });
});
