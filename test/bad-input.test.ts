import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryIo } from "../src/cli/io.js";
import { run } from "../src/cli/main.js";
import type { FileSummary, IngestSummary } from "../src/ingest/index.js";

/**
 * Bad input through the whole CLI: every bad file or record gets a message naming the file,
 * the line or record and what was expected; the run goes on; exit 2 only when nothing usable
 * was read. The gzip cases are made here from good data.
 */
const BAD = "test/fixtures/bad";
const dir = mkdtempSync(join(tmpdir(), "spendtrail-bad-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ingest(...paths: string[]): Promise<{ code: number; summary: IngestSummary; err: string }> {
  const io = memoryIo();
  const code = await run(["ingest", ...paths, "--format", "json"], io);
  return { code, summary: JSON.parse(io.out()) as IngestSummary, err: io.err() };
}

function file(summary: IngestSummary, name: string): FileSummary {
  const found = summary.files.find((f) => f.path.endsWith(name));
  if (found === undefined) throw new Error(`${name} is not in the summary`);
  return found;
}

describe("a run over a folder of bad files and one good file", () => {
  let result: Awaited<ReturnType<typeof ingest>>;
  beforeAll(async () => {
    // Bad fixtures plus gzip cases, then a good file last: the run must reach it.
    for (const name of readdirSync(BAD)) copyFileSync(join(BAD, name), join(dir, name));
    const lines = readFileSync("samples/otel-traces.jsonl", "utf8");
    const gz = gzipSync(lines.repeat(40));
    writeFileSync(join(dir, "cut-traces.jsonl.gz"), gz.subarray(0, Math.floor(gz.length * 0.6)));
    const csv = readFileSync("samples/litellm-spendlogs.csv");
    const csvGz = gzipSync(
      Buffer.concat([csv, ...Array.from({ length: 30 }, () => csv.subarray(csv.indexOf("\n") + 1))]),
    );
    writeFileSync(join(dir, "cut-spendlogs.csv.gz"), csvGz.subarray(0, Math.floor(csvGz.length * 0.5)));
    writeFileSync(join(dir, "empty.jsonl.gz"), gzipSync(Buffer.alloc(0)));
    copyFileSync("samples/litellm-teams.csv", join(dir, "zz-teams.csv"));
    result = await ingest(dir);
  });

  it("exits 0 because something usable was read, and reads every file", () => {
    expect(result.code).toBe(0);
    expect(result.summary.files.map((f) => f.path.slice(dir.length + 1))).toEqual([
      "cut-spendlogs.csv.gz",
      "cut-traces.jsonl.gz",
      "empty.jsonl",
      "empty.jsonl.gz",
      "garbage.bin",
      "notes.txt",
      "spendlogs-missing-cells.csv",
      "spendlogs-no-time-column.csv",
      "truncated.jsonl",
      "unknown-attribute-kind.jsonl",
      "wrong-types.jsonl",
      "zz-teams.csv",
    ]);
    expect(file(result.summary, "zz-teams.csv")).toMatchObject({
      format: "litellm-teams",
      read: 2,
      skipped: 0,
    });
  });

  it("an empty file, plain or gzip, is one whole-file issue", () => {
    for (const name of ["empty.jsonl", "empty.jsonl.gz"]) {
      const f = file(result.summary, name);
      expect(f).toMatchObject({ format: null, read: 0, skipped: 0, issueCount: 1 });
      expect(f.issues[0]).toMatchObject({ file: f.path, line: null, code: "empty" });
      expect(f.issues[0]?.message).toMatch(/empty|holds no data/);
      expect(f.issues[0]?.message).toContain("expected at least one record");
    }
  });

  it("binary garbage and text of no known format say what the file looks like and what was expected", () => {
    const garbage = file(result.summary, "garbage.bin");
    expect(garbage.issues).toEqual([expect.objectContaining({ line: null, code: "unknown_format" })]);
    expect(garbage.issues[0]?.message).toMatch(
      /^not a format spendtrail reads: it looks like binary data; expected one of: otlp-json-lines, /,
    );
    const notes = file(result.summary, "notes.txt");
    expect(notes.issues[0]?.message).toMatch(/it looks like text; expected one of: .*litellm-spendlogs/);
  });

  it("a JSON line cut off mid-record is skipped with its line number; the lines after it are read", () => {
    const f = file(result.summary, "truncated.jsonl");
    expect(f).toMatchObject({ format: "otlp-json-lines", read: 3, skipped: 1, spanCalls: 2, issueCount: 1 });
    expect(f.issues[0]).toMatchObject({ line: 2, code: "bad_json" });
    expect(f.issues[0]?.message).toMatch(/not valid JSON; expected one OTLP\/JSON document per line/);
  });

  it("values of the wrong type are skipped with their line and what was expected", () => {
    const f = file(result.summary, "wrong-types.jsonl");
    expect(f.format).toBe("otlp-json-lines");
    expect(f.skipped).toBe(2);
    expect(f.issues.map((i) => i.line)).toEqual([2, 3]);
    expect(f.issues[0]?.message).toMatch(/spans/);
    expect(f.issues[1]?.message).toMatch(/startTimeUnixNano/);
    expect(f.spanCalls).toBe(1);
  });

  it("an attribute value of a kind OTLP does not define is reported; the span is kept", () => {
    const f = file(result.summary, "unknown-attribute-kind.jsonl");
    expect(f).toMatchObject({ format: "otlp-json-lines", read: 1, skipped: 0, spanCalls: 1 });
    expect(f.issues).toEqual([expect.objectContaining({ line: 1 })]);
    expect(f.issues[0]?.message).toMatch(/app\.team_id/);
    expect(f.issues[0]?.message).toMatch(/decimalValue/);
  });

  it("a CSV row with missing cells is skipped with its line; the other rows are read", () => {
    const f = file(result.summary, "spendlogs-missing-cells.csv");
    expect(f).toMatchObject({ format: "litellm-spendlogs", read: 3, skipped: 1, gatewayCalls: 2 });
    expect(f.issues).toEqual([expect.objectContaining({ line: 3, code: "bad_csv" })]);
    expect(f.issues[0]?.message).toMatch(/16/);
  });

  it("a CSV without a required column names the column", () => {
    const f = file(result.summary, "spendlogs-no-time-column.csv");
    expect(f.read).toBe(0);
    expect(f.issues[0]?.line ?? 1).toBe(1);
    expect(f.issues[0]?.message).toMatch(/startTime/);
  });

  it("a gzip that ends early keeps the records before the break and says where it broke", () => {
    for (const [name, format] of [
      ["cut-traces.jsonl.gz", "otlp-json-lines"],
      ["cut-spendlogs.csv.gz", "litellm-spendlogs"],
    ] as const) {
      const f = file(result.summary, name);
      expect(f.format).toBe(format);
      expect(f.read - f.skipped).toBeGreaterThan(0);
      expect(f.calls).toBeGreaterThan(0);
      const truncated = f.issues.find((i) => i.code === "truncated");
      expect(truncated, `${name} reports the break`).toBeDefined();
      expect(truncated?.message).toMatch(/ends early|unexpected end/);
    }
  });

  it("the totals count every skipped record and every issue", () => {
    const t = result.summary.totals;
    expect(t.skipped).toBe(result.summary.files.reduce((n, f) => n + f.skipped, 0));
    expect(t.issues).toBe(result.summary.files.reduce((n, f) => n + f.issueCount, 0));
    expect(t.used).toBe(t.read - t.skipped);
    expect(result.err).not.toMatch(/\n\s+at /);
  });
});

describe("a run where nothing usable was read", () => {
  it("exits 2, still prints the summary, and says why on stderr", async () => {
    const io = memoryIo();
    const paths = [
      `${BAD}/empty.jsonl`,
      `${BAD}/garbage.bin`,
      `${BAD}/notes.txt`,
      `${BAD}/no-such-file.jsonl`,
    ];
    const code = await run(["ingest", ...paths], io);
    expect(code).toBe(2);
    expect(io.out()).toContain(
      `${BAD}/no-such-file.jsonl: cannot read: no such file or directory [unreadable]`,
    );
    expect(io.out()).toContain(`${BAD}/empty.jsonl: the file is empty; expected at least one record [empty]`);
    expect(io.err()).toMatch(/^spendtrail: nothing usable was read from /);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
