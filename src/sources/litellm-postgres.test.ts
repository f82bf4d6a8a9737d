import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLitellmDb, type LitellmDb, PG_BASE } from "../../test/helpers/litellm-postgres.js";
import { litellmSpendLogsReader } from "../formats/litellm-spendlogs.js";
import { MemorySink, readIntoMemory } from "../formats/memory-sink.js";
import type { GatewayRow } from "../record/gateway.js";
import { KEY_ROWS, SPEND_LOG_ROWS, TEAM_ROWS, WINDOW } from "./fixtures/litellm-db.js";
import { postgresLabels, readLitellmPostgres } from "./litellm-postgres.js";
import { SPEND_LOGS } from "./litellm-tables.js";
import { pageQuery } from "./pg-page.js";

let db: LitellmDb;
const scratch = mkdtempSync(join(tmpdir(), "spendtrail-pg-"));

beforeAll(async () => {
  db = await createLitellmDb();
  await db.insert("LiteLLM_SpendLogs", SPEND_LOG_ROWS);
  await db.insert("LiteLLM_VerificationToken", KEY_ROWS);
  await db.insert("LiteLLM_TeamTable", TEAM_ROWS);
});
afterAll(async () => {
  await db?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

async function read(url: string, pageSize = 2) {
  const sink = new MemorySink();
  const counts = await readLitellmPostgres({ url, ...WINDOW, pageSize }, sink);
  return { sink, counts };
}

/** What `psql \copy (...) TO file CSV HEADER` of the same window gives, read by the CSV reader. */
async function viaCsvExport(): Promise<{ rows: GatewayRow[]; issues: string[] }> {
  const file = join(scratch, "spendlogs.csv");
  const select = `SELECT * FROM "${db.schema}"."LiteLLM_SpendLogs" WHERE "startTime" >= '2026-09-01' AND "startTime" < '2026-09-02' ORDER BY "startTime", request_id`;
  execFileSync("psql", [PG_BASE, "-q", "-c", `\\copy (${select}) TO '${file}' CSV HEADER`]);
  const { sink } = await readIntoMemory(litellmSpendLogsReader, file);
  return { rows: sink.gatewayRowList, issues: sink.issues.map((i) => `${i.line}:${i.code}`) };
}

const withoutSource = (rows: readonly GatewayRow[]) =>
  rows.map(({ source_file: _f, source_line: _l, ...rest }) => rest);

describe("readLitellmPostgres", () => {
  it("reads the window in keyset pages and maps rows exactly as the CSV export's reader does", async () => {
    const { sink, counts } = await read(db.url);
    expect(counts.spendLogs).toEqual({ read: 5, skipped: 1 });
    const ids = sink.gatewayRowList.map((r) => r.request_id);
    // Two rows share a start time across a page boundary: both are read, once.
    expect(ids).toEqual(["chatcmpl-A1", "chatcmpl-B2", "chatcmpl-B3", "msg_01XFDUDYJgAACzvnptvVoYEL"]);
    const csv = await viaCsvExport();
    expect(withoutSource(sink.gatewayRowList)).toEqual(withoutSource(csv.rows));
    const [first] = sink.gatewayRowList;
    expect(first).toMatchObject({
      source_file: postgresLabels(db.url, WINDOW.from, WINDOW.to).spendLogs,
      source_line: 1,
      start_time: "2026-09-01 00:00:00.000000",
      prompt_tokens: 1149,
      cache_read_tokens: 1024,
      stream: true,
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
    expect(first?.source_file).toBe(
      `postgres://postgres@127.0.0.1:5432/test#LiteLLM_SpendLogs@2026-09-01T00:00:00.000Z/2026-09-02T00:00:00.000Z`,
    );
    // Prompt text never reaches a row.
    expect(JSON.stringify(sink.gatewayRowList)).not.toMatch(/Find invoices|payload storage|authorization/);
  });

  it("turns a corrupt row into an issue with its record number and goes on", async () => {
    const { sink } = await read(db.url);
    const csv = await viaCsvExport();
    const issues = sink.issues.map((i) => `${i.line}:${i.code}`);
    expect(issues).toEqual(["5:bad_value"]);
    expect(issues).toEqual(csv.issues.map((i) => i.replace(/^\d+/, "5")));
    expect(sink.issues[0]?.message).toMatch(/prompt_tokens is '-5'; expected a count of 0 or more/);
  });

  it("reads the key and team tables whole, in pages", async () => {
    const { sink, counts } = await read(db.url, 1);
    expect(counts.keys).toEqual({ read: 3, skipped: 0 });
    expect(counts.teams).toEqual({ read: 2, skipped: 0 });
    const keys = sink.gatewayKeyList.map((k) => [k.key_alias, k.team_id, k.is_master]);
    expect(keys).toEqual(
      expect.arrayContaining([
        ["search-prod", "team-search", false],
        ["", "", true],
        ["support-bot", "team-support", false],
      ]),
    );
    expect(sink.gatewayTeamList.map((t) => [t.team_id, t.team_alias])).toEqual([
      ["team-search", "Search"],
      ["team-support", "Support"],
    ]);
  });

  it("reads in a read-only transaction: a write the database attempts fails", async () => {
    const ro = `"${db.schema}_ro"`;
    await db.client.query(`CREATE SCHEMA ${ro}`);
    try {
      await db.client.query(`CREATE TABLE ${ro}.writes (n int)`);
      await db.client.query(
        `CREATE FUNCTION ${ro}.write() RETURNS int LANGUAGE sql AS $$ INSERT INTO ${ro}.writes VALUES (1) RETURNING n $$`,
      );
      await db.client.query(`CREATE VIEW ${ro}."LiteLLM_SpendLogs" AS SELECT s.* FROM "${db.schema}"."LiteLLM_SpendLogs" AS s
        WHERE (SELECT ${ro}.write()) > 0`);
      for (const table of ["LiteLLM_VerificationToken", "LiteLLM_TeamTable"]) {
        await db.client.query(`CREATE VIEW ${ro}."${table}" AS SELECT * FROM "${db.schema}"."${table}"`);
      }
      const error = await read(`${db.url}_ro`).catch((err: unknown) => err);
      expect(String(error)).toMatch(/cannot execute INSERT in a read-only transaction/);
    } finally {
      await db.client.query(`DROP SCHEMA ${ro} CASCADE`);
    }
  });

  it("names host and port when the server refuses the connection", async () => {
    const url = "postgres://postgres:secret@127.0.0.1:1/test";
    const error = await read(url).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: "E_INPUT_UNREADABLE" });
    expect(String(error)).toMatch(/cannot connect to PostgreSQL at 127\.0\.0\.1:1: connection refused/);
    expect(String(error)).not.toContain("secret");
  });
});

describe("readLitellmPostgres on a database that is not LiteLLM's current schema", () => {
  let old: LitellmDb;
  beforeAll(async () => {
    old = await createLitellmDb("spendtrail_old");
    await old.client.query(`ALTER TABLE "${old.schema}"."LiteLLM_SpendLogs" DROP COLUMN "status"`);
    await old.insert(
      "LiteLLM_SpendLogs",
      SPEND_LOG_ROWS.slice(0, 1).map(({ status: _s, ...r }) => r),
    );
  });
  afterAll(async () => {
    await old?.drop();
  });

  it("reads a database that predates a later column, and names the migration that adds it", async () => {
    const { sink, counts } = await read(old.url);
    expect(counts.spendLogs.read).toBe(1);
    expect(sink.gatewayRowList[0]?.status).toBe("");
    expect(sink.issues.map((i) => [i.code, i.line])).toEqual([["missing_column", null]]);
    expect(sink.issues[0]?.message).toMatch(/"status".*20250508072103_add_status_to_spendlogs/);
  });

  it("refuses a table that lacks a baseline column, naming it, before reading any row", async () => {
    await old.client.query(`ALTER TABLE "${old.schema}"."LiteLLM_SpendLogs" DROP COLUMN "end_user"`);
    const sink = new MemorySink();
    const error = await readLitellmPostgres({ url: old.url, ...WINDOW }, sink).catch((err: unknown) => err);
    expect(String(error)).toMatch(/"LiteLLM_SpendLogs" lacks column\(s\) "end_user".*2025-03 baseline/);
    expect(sink.gatewayRowList).toEqual([]);
  });

  it("names a missing table and the schema it looked in", async () => {
    await old.client.query(`DROP TABLE "${old.schema}"."LiteLLM_TeamTable"`);
    const error = await read(old.url).catch((err: unknown) => err);
    expect(String(error)).toMatch(
      new RegExp(`table\\(s\\) "LiteLLM_TeamTable" not found in schema "${old.schema}"`),
    );
  });
});

describe("pageQuery", () => {
  it('pages on the stored ("startTime", request_id) after the last row, with every value bound', () => {
    const present = new Map([["LiteLLM_SpendLogs", new Set(SPEND_LOGS.required)]]);
    const paging = { schema: 'lite"llm', present, window: [WINDOW.from, WINDOW.to] as const, size: 500 };
    const { text, values } = pageQuery(SPEND_LOGS, paging, ["2026-09-01 09:30:00.5", "it's"]);
    expect(text).toContain('FROM "lite""llm"."LiteLLM_SpendLogs" AS t');
    expect(text).toContain(
      'WHERE t."startTime" >= $1::timestamp AND t."startTime" < $2::timestamp AND (t."startTime", t."request_id") > ($3::timestamp, $4::text)',
    );
    expect(text).toMatch(/ORDER BY t."startTime", t."request_id"\nLIMIT 500$/);
    expect(text).toContain('NULL AS "status"');
    expect(values).toEqual([
      "2026-09-01 00:00:00.000",
      "2026-09-02 00:00:00.000",
      "2026-09-01 09:30:00.5",
      "it's",
    ]);
  });
});
