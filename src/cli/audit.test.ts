import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../reports/model.js";
import { memoryIo } from "./io.js";
import { run } from "./main.js";

/** `audit`, `report` and `price` through run() on the built-in samples, with exact figures. */
const dir = mkdtempSync(join(tmpdir(), "spendtrail-audit-"));
const db = join(dir, "db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .split(/\r?\n/)
    .filter((l) => l !== "");

describe("spendtrail audit", () => {
  let audit: { code: number; out: string; err: string };
  beforeAll(async () => {
    audit = await cli(
      "audit",
      "samples",
      "--db",
      db,
      "--diff",
      join(dir, "diff.csv"),
      "--html",
      join(dir, "r.html"),
    );
  });

  it("prints the headline and the ranked fixes first, the ingest summary on stderr", () => {
    expect(audit.code).toBe(0);
    expect(audit.out.split("\n").slice(0, 10)).toEqual([
      "spendtrail audit: all calls, 4 input files",
      "",
      "Total spend      $0.0644 in 6 ledger calls (rate card prices)",
      "Untagged         tenant 42.4%, team 19.8%, workload 61.9% of spend",
      "                 any layer $0.0399 (61.9%) in 3 calls",
      "Recoverable      tenant 42.1%, team 19.5%, workload 61.6% of spend can be back-filled",
      "Unpriced tokens  0.0%",
      "Outside ledger   $0 in 0 calls",
      "",
      "Fixes, ranked by untagged spend (share of $0.0399)",
    ]);
    expect(audit.out).toContain(" 3.  master_key_fallback    $0.0126  31.5%  1 call  team, workload");
    expect(audit.err).toContain(
      "samples/otel-traces.jsonl                otlp-json-lines      14        0            10",
    );
  });

  it("--diff FILE.csv writes one line per ledger call", () => {
    const csv = lines(join(dir, "diff.csv"));
    expect(csv).toHaveLength(7);
    expect(csv[0]?.split(",").slice(0, 6)).toEqual([
      "call_key",
      "trace_id",
      "response_id",
      "service_path",
      "tenant_span",
      "tenant_row",
    ]);
    expect(csv).toContain(
      "gateway:chatcmpl-oPVNNob9RQVIVVyPdEOzRJMPs6qET,56c14ba8f7dc2a3c1045d997ae397eb5,chatcmpl-oPVNNob9RQVIVVyPdEOzRJMPs6qET,support-bot > litellm-proxy,globex-inc,globex-inc,true,,,support-eng,,false,master_key_fallback,support-bot -> litellm-proxy,ticket-reply,,false,master_key_fallback,support-bot -> litellm-proxy,gpt-4o,gpt-4o,true,gpt-4o-2024-08-06,gpt-4o-2024-08-06,true,2410,2410,true,655,655,true,master_key_fallback,support-bot -> litellm-proxy",
    );
  });

  it("--html FILE writes the self-contained HTML report beside the terminal one", () => {
    const html = readFileSync(join(dir, "r.html"), "utf8");
    expect(html.slice(0, 15).toLowerCase()).toBe("<!doctype html>");
    expect(html).toContain("master_key_fallback");
  });

  it("--format json prints the report alone, with exact money", async () => {
    const { code, out, err } = await cli("audit", "samples", "--format", "json");
    expect([code, err]).toEqual([0, ""]);
    const report = JSON.parse(out) as AuditReport;
    expect([report.schemaVersion, report.headline.totalSpend, report.inputs.records]).toEqual([
      "1.0",
      "0.06440236",
      25,
    ]);
  });

  it("refuses a --diff file it cannot tell the format of, before reading anything", async () => {
    const { code, err } = await cli("audit", "samples", "--diff", join(dir, "diff.txt"));
    expect(code).toBe(2);
    expect(err).toBe(
      `spendtrail: --diff ${join(dir, "diff.txt")}: name a .jsonl or .csv file (the format follows the extension)\n`,
    );
  });

  it("exits 2 when nothing usable was read", async () => {
    const { code, err } = await cli("audit", join(dir, "missing.jsonl"), "--format", "json");
    expect(code).toBe(2);
    expect(err).toContain("nothing usable was read");
  });
});

describe("spendtrail report", () => {
  it("--hash-identities --salt S hashes team and tenant values, timelines included", async () => {
    const { code, out } = await cli(
      "report",
      "--db",
      db,
      "--format",
      "json",
      "--hash-identities",
      "--salt",
      "s",
    );
    expect(code).toBe(0);
    const report = JSON.parse(out) as AuditReport;
    expect(report.rollups.teams.map((t) => t.key).sort()).toEqual([
      "(untagged)",
      "h:e0c296a6c529d1b5", // support-eng
      "h:f7bcee0c55997c56", // analytics
    ]);
    expect(out).not.toContain('"analytics"');
    const events = Object.values(report.timelines).flatMap((t) => t.events);
    expect(events.some((e) => e.identity.team?.startsWith("h:"))).toBe(true);
  });

  it("re-runs the audit on the kept database, over a period", async () => {
    const { code, out } = await cli(
      "report",
      "--db",
      db,
      "--format",
      "json",
      "--from",
      "2026-10-14T09:12:30Z",
    );
    expect(code).toBe(0);
    const report = JSON.parse(out) as AuditReport;
    // The first call (gpt-4o-mini, $0.0004023) started at 09:12:03 and is left out.
    expect(report.headline).toMatchObject({ totalSpend: "0.06400006", ledgerCalls: 5 });
    expect(report.inputs.origin).toBe("database");
    expect(report.period).toEqual({ from: "2026-10-14T09:12:30.000Z", to: null });
  });

  it("--to a day includes that day; --diff FILE.jsonl writes JSON lines", async () => {
    const diff = join(dir, "diff.jsonl");
    const { code, out } = await cli(
      "report",
      "--db",
      db,
      "--format",
      "md",
      "--to",
      "2026-10-14",
      "--diff",
      diff,
    );
    expect(code).toBe(0);
    expect(out).toContain("- Total spend (ledger, rate card): **$0.0644** over 6 calls");
    const rows = lines(diff).map((l) => JSON.parse(l) as { mode: string | null });
    expect(rows.map((r) => r.mode)).toEqual([
      null,
      "master_key_fallback",
      null,
      null,
      "gateway_header_filter",
      "no_trace",
    ]);
  });

  it("needs a database and a valid date", async () => {
    expect((await cli("report")).code).toBe(2);
    const bad = await cli("report", "--db", db, "--from", "yesterday");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--from yesterday: expected a UTC day (2026-10-14)");
  });
});

describe("spendtrail price", () => {
  it("shows the rates in force and where they came from", async () => {
    const { code, out } = await cli(
      "price",
      "--model",
      "gpt-4o-2024-08-06",
      "--provider",
      "openai",
      "--at",
      "2026-10-14",
    );
    expect(code).toBe(0);
    expect(out.split("\n").slice(0, 3)).toEqual([
      "gpt-4o-2024-08-06 (provider openai) on 2026-10-14",
      "  USD per million tokens: input 2.5, cache read 1.25, cache write 2.5, output 10",
      expect.stringMatching(
        /^ {2}source: genai-prices@[\d.]+, matched openai\/gpt-4o, in force from the start until further notice$/,
      ),
    ]);
  });

  it("a price file wins over the defaults", async () => {
    const prices = new URL("../analyses/fixtures/finding-prices.yaml", import.meta.url).pathname;
    const { code, out } = await cli(
      "price",
      "--model",
      "gpt-4o-mini",
      "--prices",
      prices,
      "--format",
      "json",
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).applied).toEqual({
      input: "0.5",
      cacheRead: "0.25",
      cacheWrite: "0.5",
      output: "2",
    });
  });

  it("exits 2 for a model no price knows, or without --model", async () => {
    const unknown = await cli("price", "--model", "acme-llm", "--at", "2026-10-14");
    expect([unknown.code, unknown.err]).toEqual([
      2,
      "spendtrail: no price for acme-llm on 2026-10-14; add it with --prices FILE\n",
    ]);
    expect((await cli("price")).code).toBe(2);
  });
});
