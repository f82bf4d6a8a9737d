import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestSummary } from "../ingest/index.js";
import { memoryIo } from "./io.js";
import { run } from "./main.js";

/** The built-in samples through the CLI, as `npm run sample` runs them, with exact counts. */
const db = join(mkdtempSync(join(tmpdir(), "spendtrail-samples-")), "db");
afterAll(() => rmSync(join(db, ".."), { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

type CallRow = Record<string, string | number | boolean | null>;

describe("spendtrail on the samples", () => {
  let ingest: { code: number; out: string; err: string };
  beforeAll(async () => {
    ingest = await cli("ingest", "samples", "--db", db, "--format", "json");
  });

  it("ingest reads every sample file and produces the expected call records", () => {
    expect(ingest.code).toBe(0);
    expect(ingest.err).toBe("");
    const summary = JSON.parse(ingest.out) as IngestSummary;
    expect(
      summary.files.map((f) => [f.path, f.format, f.read, f.skipped, f.spanCalls, f.gatewayCalls]),
    ).toEqual([
      ["samples/litellm-spendlogs.csv", "litellm-spendlogs", 6, 0, 0, 6],
      ["samples/litellm-teams.csv", "litellm-teams", 2, 0, 0, 0],
      ["samples/litellm-verification-tokens.csv", "litellm-keys", 3, 0, 0, 0],
      // 14 spans: 5 call sites and their 5 LiteLLM hops are LLM spans; 4 app spans are not.
      ["samples/otel-traces.jsonl", "otlp-json-lines", 14, 0, 10, 0],
    ]);
    expect(summary.totals).toEqual({
      files: 4,
      read: 25,
      used: 25,
      skipped: 0,
      calls: 16,
      spanCalls: 10,
      gatewayCalls: 6,
      issues: 0,
      callsInDatabase: 6,
    });
  });

  it("calls --format json lists the 6 calls, hops and gateway rows merged, newest first", async () => {
    const { code, out } = await cli("calls", "--db", db, "--format", "json");
    expect(code).toBe(0);
    const rows = JSON.parse(out) as CallRow[];
    const pick = (r: CallRow) => [
      r.service_path,
      r.response_model,
      r.input_tokens,
      r.cache_read_tokens,
      r.output_tokens,
      r.tenant,
      r.team,
      r.workload,
      r.gateway_rows,
    ];
    expect(rows.map(pick)).toEqual([
      ["", "gpt-4o-mini-2024-07-18", 912, null, 96, null, null, null, 1],
      [
        "report-worker -> litellm-proxy",
        "gpt-4o-2024-08-06",
        6033,
        null,
        1204,
        null,
        "analytics",
        "weekly-report",
        1,
      ],
      [
        "report-worker -> litellm-proxy",
        "gpt-4o-2024-08-06",
        5120,
        null,
        940,
        "initech",
        "analytics",
        "weekly-report",
        1,
      ],
      [
        "support-bot -> litellm-proxy",
        "claude-3-5-haiku-20241022",
        4210,
        3072,
        188,
        "acme-corp",
        "support-eng",
        "thread-summary",
        1,
      ],
      [
        "support-bot -> litellm-proxy",
        "gpt-4o-2024-08-06",
        2410,
        null,
        655,
        "globex-inc",
        "support-eng",
        "ticket-reply",
        1,
      ],
      [
        "support-bot -> litellm-proxy",
        "gpt-4o-mini-2024-07-18",
        1834,
        null,
        212,
        "acme-corp",
        "support-eng",
        "ticket-reply",
        1,
      ],
    ]);
    expect(rows[0]).toMatchObject({
      source: "gateway",
      response_id: "chatcmpl-gk7imVK0DcmCKyG6pprDpMKGUMYzs",
    });
    expect(rows[4]).toMatchObject({ stream: true, trace_id: "56c14ba8f7dc2a3c1045d997ae397eb5" });
  });

  it("calls --where filters on bound values; model matches the requested or served model", async () => {
    const team = JSON.parse(
      (await cli("calls", "--db", db, "--format", "json", "--where", "team=analytics")).out,
    );
    expect(team.map((r: CallRow) => r.input_tokens)).toEqual([6033, 5120]);
    const model = JSON.parse(
      (await cli("calls", "--db", db, "--format", "json", "--where", "model=gpt-4o")).out,
    );
    expect(model.map((r: CallRow) => r.input_tokens)).toEqual([6033, 5120, 2410]);
    const both = await cli(
      "calls",
      "--db",
      db,
      "--format",
      "json",
      "--where",
      "model=gpt-4o,tenant=globex-inc",
    );
    expect(JSON.parse(both.out).map((r: CallRow) => r.input_tokens)).toEqual([2410]);
    const none = await cli(
      "calls",
      "--db",
      db,
      "--format",
      "json",
      "--where",
      "team=x'); DROP TABLE llm_calls; --",
    );
    expect(none.out).toBe("[]\n");
  });

  it("calls prints an aligned table by default, and says when --limit cut the list", async () => {
    const { code, out, err } = await cli("calls", "--db", db, "--limit", "2");
    expect(code).toBe(0);
    expect(out).toBe(
      [
        "start_time           service                         model                   input  cached  output  status  tenant  team       workload       source",
        "2026-10-14 09:18:32  -                               gpt-4o-mini-2024-07-18    912       -      96  ok      -       -          -              gateway",
        "2026-10-14 09:17:25  report-worker -> litellm-proxy  gpt-4o-2024-08-06        6033       -    1204  ok      -       analytics  weekly-report  span",
        "",
      ].join("\n"),
    );
    expect(err).toBe("showing the first 2 calls; --limit N shows more (0 = all)\n");
  });

  it("calls --format csv has a header and one quoted-as-needed line per call", async () => {
    const { out } = await cli("calls", "--db", db, "--format", "csv", "--limit", "0");
    const lines = out.trimEnd().split("\r\n");
    expect(lines).toHaveLength(7);
    expect(lines[0]?.startsWith("call_id,source,trace_id,response_id,")).toBe(true);
    expect(lines[1]).toContain(",gateway,,chatcmpl-gk7imVK0DcmCKyG6pprDpMKGUMYzs,");
  });

  it("ingest --format table prints per file and totals, and a second run adds what it read again", async () => {
    const { code, out } = await cli("ingest", "samples/litellm-teams.csv", "--db", db);
    expect(code).toBe(0);
    expect(out).toBe(
      [
        "file                       format         read  skipped  call records",
        "samples/litellm-teams.csv  litellm-teams     2        0             0",
        "",
        "total: 1 file, 2 records read, 0 skipped, 0 call records (0 from spans, 0 from gateway rows)",
        "the database now holds 6 calls (spans and gateway rows of one call merged; list them with `spendtrail calls`)",
        "",
      ].join("\n"),
    );
  });
});
