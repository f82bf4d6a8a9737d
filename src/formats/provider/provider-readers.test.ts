import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ProviderUsageRow } from "../../record/provider-usage.js";
import { MemorySink } from "../memory-sink.js";
import { detectFormat } from "../registry.js";
import { openInput } from "../source.js";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/provider-usage/${name}`, import.meta.url));

/** Reads a file with the reader the registry detects, as ingest does. */
async function read(path: string) {
  const input = await openInput(path);
  const reader = detectFormat(input.sample);
  if (reader === null) throw new Error(`no reader for ${path}`);
  const sink = new MemorySink();
  const counts = await reader.read(input, sink);
  const issues = sink.issues.map((i) => ({ line: i.line, code: i.code, message: i.message }));
  return { format: reader.id, counts, rows: sink.providerUsageList, issues };
}

function tmpFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "spendtrail-usage-")), name);
  writeFileSync(path, text);
  return path;
}

const measures = (r: ProviderUsageRow) => ({
  day: r.day,
  model: r.model,
  uncached: r.uncached_input_tokens,
  read: r.cache_read_tokens,
  write: r.cache_write_tokens,
  output: r.output_tokens,
  requests: r.requests,
});

describe("OpenAI usage completions", () => {
  it("takes cached and cache-write tokens out of the inclusive input_tokens", async () => {
    const { format, counts, rows, issues } = await read(fixture("openai-usage-completions.json"));
    expect(format).toBe("openai-usage-completions");
    expect(issues).toEqual([]);
    expect(counts).toEqual({ read: 3, skipped: 0 });
    expect(rows.filter((r) => !r.bucket_only).map(measures)).toEqual([
      // 120000 - 30720 cached = 89280 uncached
      {
        day: "2026-10-05",
        model: "gpt-4o-2024-08-06",
        uncached: 89280,
        read: 30720,
        write: null,
        output: 8000,
        requests: 40,
      },
      // 50000 - 0 cached - 1000 written = 49000
      {
        day: "2026-10-05",
        model: "gpt-4o-mini-2024-07-18",
        uncached: 49000,
        read: 0,
        write: 1000,
        output: 2500,
        requests: 25,
      },
    ]);
    // The empty second day still states the window.
    const empty = rows.filter((r) => r.bucket_only);
    expect(empty.map((r) => [r.bucket_start, r.bucket_end, r.output_tokens])).toEqual([
      ["2026-10-06 00:00:00", "2026-10-07 00:00:00", null],
    ]);
    expect(rows[0]).toMatchObject({ provider: "openai", report: "usage", cost_usd: null, project_id: null });
  });

  it("reads NDJSON pages and counts a bucket repeated on the next page once", async () => {
    const { counts, rows, issues } = await read(fixture("openai-usage-pages.jsonl"));
    expect(rows.map(measures)).toEqual([
      {
        day: "2026-10-05",
        model: "gpt-4o-2024-08-06",
        uncached: 1000,
        read: 0,
        write: null,
        output: 100,
        requests: 2,
      },
      {
        day: "2026-10-06",
        model: "gpt-4o-2024-08-06",
        uncached: 1024,
        read: 1024,
        write: null,
        output: 300,
        requests: 3,
      },
    ]);
    expect(counts).toEqual({ read: 3, skipped: 1 });
    expect(issues).toEqual([
      {
        line: 2,
        code: "overlapping_page",
        message:
          "line 2, bucket 1 repeats the bucket starting 2026-10-05 00:00:00 UTC already read from line 1, bucket 1 (overlapping pages); counted once",
      },
    ]);
  });

  it("reads an array of pages not grouped by model: model stays null", async () => {
    const { rows, issues } = await read(fixture("openai-usage-by-day.json"));
    expect(issues).toEqual([]);
    expect(rows.map(measures)).toEqual([
      { day: "2026-10-05", model: null, uncached: 4000, read: 1000, write: null, output: 400, requests: 4 },
      { day: "2026-10-06", model: null, uncached: 7000, read: 0, write: null, output: 600, requests: 6 },
    ]);
    expect(rows.map((r) => r.source_line)).toEqual([1, 2]);
  });

  it("refuses a file whose pages are for two organisations, writing nothing", async () => {
    const { counts, rows, issues } = await read(fixture("openai-usage-two-orgs.jsonl"));
    expect(rows).toEqual([]);
    expect(counts).toEqual({ read: 2, skipped: 2 });
    expect(issues).toEqual([
      {
        line: null,
        code: "scope_mismatch",
        message:
          "line 2 is for organization org-Zz91TqPm4c but line 1 is for organization org-8Jk2Lw0pQz: the file mixes exports of two organizations; nothing from it was used (export each organization on its own and reconcile the one behind the gateway)",
      },
    ]);
  });

  it("refuses a file that gives one bucket twice with other numbers, writing nothing", async () => {
    const { counts, rows, issues } = await read(fixture("openai-usage-conflict.json"));
    expect(rows).toEqual([]);
    expect(counts).toEqual({ read: 2, skipped: 2 });
    expect(issues.map((i) => i.code)).toEqual(["overlapping_page"]);
    expect(issues[0]?.message).toContain(
      "page 2, bucket 1 gives other results for the bucket starting 2026-10-05 00:00:00 UTC than page 1, bucket 1",
    );
  });

  it("skips bad results and buckets with an issue each and keeps the rest", async () => {
    const { counts, rows, issues } = await read(fixture("openai-usage-bad-values.json"));
    expect(rows.map(measures)).toEqual([
      {
        day: "2026-10-05",
        model: "gpt-4o-2024-08-06",
        uncached: 300,
        read: null,
        write: null,
        output: 30,
        requests: 2,
      },
    ]);
    expect(counts).toEqual({ read: 5, skipped: 4 });
    expect(issues).toEqual([
      {
        line: 1,
        code: "bad_value",
        message: "page 1, bucket 1, result 1: expected input_tokens as a whole number",
      },
      {
        line: 1,
        code: "bad_value",
        message:
          "page 1, bucket 1, result 2: expected input_tokens of at least input_cached_tokens + input_cache_write_tokens",
      },
      {
        line: 1,
        code: "bad_value",
        message:
          "page 1, bucket 1, result 3: expected a organization.usage.completions.result (this is organization.usage.embeddings.result; only completions usage is compared)",
      },
      {
        line: 1,
        code: "bad_record",
        message: "page 1, bucket 2: expected a bucket {start_time, end_time, results: [...]}",
      },
    ]);
  });

  it("says when the last page has more after it", async () => {
    const first = readFileSync(fixture("openai-usage-pages.jsonl"), "utf8").split("\n")[0] ?? "";
    const { rows, issues } = await read(tmpFile("first-page.json", first));
    expect(rows).toHaveLength(1);
    expect(issues).toEqual([
      {
        line: 1,
        code: "truncated",
        message:
          "page 1 says has_more: true, so later buckets are missing; fetch the remaining pages (next_page) and add them to the file",
      },
    ]);
  });

  it("reports a cut NDJSON page without throwing and keeps the pages before it", async () => {
    const first = readFileSync(fixture("openai-usage-pages.jsonl"), "utf8").split("\n")[0] ?? "";
    const broken = await read(tmpFile("cut.jsonl", `${first}\n{"object":"page","data":[{"start_time":`));
    expect(broken.format).toBe("openai-usage-completions");
    expect(broken.rows).toHaveLength(1);
    expect(broken.counts).toEqual({ read: 2, skipped: 1 });
    expect(broken.issues.map((i) => [i.line, i.code])).toEqual([
      [2, "bad_json"],
      [1, "truncated"],
    ]);
  });
});

describe("OpenAI costs", () => {
  it("keeps amounts as exact decimals with their line items", async () => {
    const { format, rows, issues } = await read(fixture("openai-costs.json"));
    expect(format).toBe("openai-costs");
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.day, r.report, r.cost_usd, r.line_item, r.project_id])).toEqual([
      ["2026-10-05", "cost", "0.2415", "gpt-4o-2024-08-06, input", "proj_Xq3bT0mC2uY7"],
      ["2026-10-05", "cost", "0.08", "gpt-4o-2024-08-06, output", "proj_Xq3bT0mC2uY7"],
    ]);
  });
});

describe("Anthropic reports", () => {
  it("usage report: uncached stated apart, cache writes are 5m + 1h", async () => {
    const { format, rows, issues } = await read(fixture("anthropic-usage-report.json"));
    expect(format).toBe("anthropic-usage-report");
    expect(issues).toEqual([]);
    expect(rows.map(measures)).toEqual([
      {
        day: "2026-10-05",
        model: "claude-sonnet-4-5-20250929",
        uncached: 40000,
        read: 90000,
        write: 8000,
        output: 5000,
        requests: null,
      },
    ]);
    expect(rows[0]?.provider).toBe("anthropic");
  });

  it("cost report: amounts are cents, divided by 100 exactly", async () => {
    const { format, rows, issues } = await read(fixture("anthropic-cost-report.json"));
    expect(format).toBe("anthropic-cost-report");
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.cost_usd, r.cost_type, r.line_item, r.model])).toEqual([
      ["0.12", "tokens", "uncached_input_tokens", "claude-sonnet-4-5-20250929"],
      ["0.075", "tokens", "output_tokens", "claude-sonnet-4-5-20250929"],
      ["0.0125", "web_search", "Web Search", null],
    ]);
  });
});
