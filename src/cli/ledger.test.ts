import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLitellmDb, type LitellmDb, PG_BASE } from "../../test/helpers/litellm-postgres.js";
import { validateFocus } from "../exports/focusRules.js";
import { KEY_ROWS, SPEND_LOG_ROWS, SUPPORT_KEY, TEAM_ROWS } from "../sources/fixtures/litellm-db.js";
import { memoryIo } from "./io.js";
import { run } from "./main.js";

const scratch = mkdtempSync(join(tmpdir(), "spendtrail-ledger-"));
const dbDir = join(scratch, "db");
let pgdb: LitellmDb;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  pgdb = await createLitellmDb("spendtrail_cli");
  await pgdb.insert("LiteLLM_SpendLogs", [
    ...SPEND_LOG_ROWS,
    // The support bot's key, but the row lost its team: the key table recovers it.
    {
      request_id: "chatcmpl-LOST",
      call_type: "acompletion",
      api_key: SUPPORT_KEY,
      prompt_tokens: 1000,
      completion_tokens: 100,
      total_tokens: 1100,
      startTime: "2026-09-01 15:00:00",
      endTime: "2026-09-01 15:00:02",
      model: "gpt-4o-2024-08-06",
      custom_llm_provider: "openai",
      end_user: "globex",
    },
  ]);
  await pgdb.insert("LiteLLM_VerificationToken", KEY_ROWS);
  await pgdb.insert("LiteLLM_TeamTable", TEAM_ROWS);
});
afterAll(async () => {
  await pgdb?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("the FinOps loop from a live LiteLLM database", () => {
  it("ingest --gateway reads the window's tables into --db", async () => {
    const r = await cli(
      "ingest",
      "--gateway",
      pgdb.url,
      "--from",
      "2026-09-01",
      "--to",
      "2026-09-01",
      "--db",
      dbDir,
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/LiteLLM_SpendLogs@2026-09-01T00:00:00\.000Z\/2026-09-02T00:00:00\.000Z/);
    expect(r.out).toContain("LiteLLM_TeamTable");
    expect(r.out).toMatch(/prompt_tokens is '-5'/);
  });

  it("export --focus writes a FOCUS CSV that passes the column rules", async () => {
    const file = join(scratch, "focus.csv");
    const r = await cli("export", "--db", dbDir, "--focus", file, "--focus-version", "1.3");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/wrote \d+ FOCUS 1\.3 rows/);
    const rows = parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
    const cells = rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === "" ? null : v])),
    );
    expect(validateFocus("1.3", Object.keys(rows[0] ?? {}), cells)).toEqual([]);
    // The master-key call and the call that lost its team are in the unattributed bucket (until back-filled).
    const bucket = rows.filter((row) => row.x_Unattributed === "true");
    expect(bucket.map((row) => [row.SubAccountId, row.ResourceId, row.x_Tenant])).toEqual([
      ["unattributed", "gpt-4o-2024-08-06", "globex"],
      ["unattributed", "gpt-4o-2024-08-06", ""],
    ]);
    expect(rows.find((row) => row.x_Team === "team-search")?.SubAccountName).toBe("Search");
  });

  it("backfill --sql postgres writes updates that fill the live table, and only that", async () => {
    const csv = await cli("backfill", "--db", dbDir, "--min-confidence", "medium");
    expect(csv.code).toBe(0);
    expect(csv.out.split("\r\n")[0]).toBe(
      "request_id,layer,value,found,source,confidence,linked_by,source_format,trace_id,spend_usd",
    );
    expect(csv.out).toContain("chatcmpl-LOST,team,team-support,Support,key_table,medium,,litellm-spendlogs");
    const file = join(scratch, "backfill.sql");
    const r = await cli("backfill", "--db", dbDir, "--sql", "postgres", "--out", file);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/1 recovered values for 1 ledger rows \(0 high, 1 medium, 0 low\) written to/);
    execFileSync("psql", [PG_BASE, "-q", "-v", "ON_ERROR_STOP=1", "-f", file], {
      env: { ...process.env, PGOPTIONS: `-c search_path=${pgdb.schema}` },
    });
    const teams = await pgdb.client.query(
      `SELECT request_id, team_id FROM "${pgdb.schema}"."LiteLLM_SpendLogs" ORDER BY request_id`,
    );
    expect(teams.rows.filter((row) => row.team_id === "team-support").map((row) => row.request_id)).toEqual([
      "chatcmpl-B3",
      "chatcmpl-LOST",
      "msg_01XFDUDYJgAACzvnptvVoYEL",
    ]);
  });
});

describe("bad input", () => {
  it("a PostgreSQL that refuses connections: exit 2 naming host and port, nothing written", async () => {
    const dir = join(scratch, "refused");
    const r = await cli("ingest", "--gateway", "postgres://app:hunter2@127.0.0.1:1/litellm", "--db", dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot connect to PostgreSQL at 127\.0\.0\.1:1: connection refused/);
    expect(r.err).not.toContain("hunter2");
  });

  it("usage errors exit 2 with what to give", async () => {
    expect((await cli("ingest")).err).toMatch(/missing required argument 'paths'.*--gateway/);
    const noFocus = await cli("export", "--db", dbDir);
    expect([noFocus.code, noFocus.err]).toEqual([2, expect.stringMatching(/--focus FILE\.csv is required/)]);
    const nothing = await cli("backfill");
    expect([nothing.code, nothing.err]).toEqual([2, expect.stringMatching(/give input files.*--gateway/)]);
    const badUrl = await cli("ingest", "--gateway", "mysql://u:pw@host/db");
    expect(badUrl.err).toMatch(/the scheme is mysql:/);
    expect(badUrl.err).not.toContain("pw@");
  });
});
