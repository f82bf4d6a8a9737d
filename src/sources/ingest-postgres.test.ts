import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLitellmDb, type LitellmDb } from "../../test/helpers/litellm-postgres.js";
import { DEFAULT_CONTRACT } from "../contract/default.js";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { MemorySink } from "../formats/memory-sink.js";
import { KEY_ROWS, SPEND_LOG_ROWS, TEAM_ROWS, WINDOW } from "./fixtures/litellm-db.js";
import { gatewayWindow, ingestLitellmPostgres } from "./ingest-postgres.js";
import { readLitellmPostgres } from "./litellm-postgres.js";

let engine: ChdbEngine;
let db: LitellmDb;

beforeAll(async () => {
  engine = await ChdbEngine.open();
  db = await createLitellmDb();
  await db.insert("LiteLLM_SpendLogs", SPEND_LOG_ROWS);
  await db.insert("LiteLLM_VerificationToken", KEY_ROWS);
  await db.insert("LiteLLM_TeamTable", TEAM_ROWS);
  // A view whose second query fails, as a connection lost between two pages would.
  const broken = `"${db.schema}_broken"`;
  await db.client.query(`CREATE SCHEMA ${broken}`);
  await db.client.query(`CREATE FUNCTION ${broken}.second_query_fails() RETURNS int LANGUAGE plpgsql AS $$
    DECLARE n int := coalesce(nullif(current_setting('spendtrail.test_queries', true), ''), '0')::int + 1;
    BEGIN
      PERFORM set_config('spendtrail.test_queries', n::text, false);
      IF n >= 2 THEN RAISE EXCEPTION 'server closed the connection unexpectedly (test)'; END IF;
      RETURN n;
    END $$`);
  await db.client.query(`CREATE VIEW ${broken}."LiteLLM_SpendLogs" AS
    SELECT s.request_id, s.call_type, s.api_key, s.spend, s.total_tokens, s.prompt_tokens, s.completion_tokens,
      s."startTime", s."endTime", s.model, s.model_group, s.custom_llm_provider, s.api_base, s."user", s.metadata,
      s.cache_hit, s.request_tags, s.team_id, s.end_user
    FROM "${db.schema}"."LiteLLM_SpendLogs" AS s WHERE (SELECT ${broken}.second_query_fails()) > 0`);
  for (const table of ["LiteLLM_VerificationToken", "LiteLLM_TeamTable"]) {
    await db.client.query(
      `CREATE VIEW "${db.schema}_broken"."${table}" AS SELECT * FROM "${db.schema}"."${table}"`,
    );
  }
});
afterAll(async () => {
  await db?.client.query(`DROP SCHEMA IF EXISTS "${db.schema}_broken" CASCADE`);
  await db?.drop();
  await engine?.close();
});
beforeEach(async () => {
  for (const table of ["gateway_rows", "gateway_keys", "gateway_teams", "llm_calls", "ingest_issues"]) {
    await engine.exec(sql(`TRUNCATE TABLE ${table}`));
  }
});

const count = async (table: string): Promise<number> =>
  Number((await engine.query<{ n: number }>(sql(`SELECT count() AS n FROM ${table}`)))[0]?.n);

describe("ingestLitellmPostgres", () => {
  it("stores the window's rows, keys and teams and normalises the rows into calls", async () => {
    const files = await ingestLitellmPostgres(engine, {
      url: db.url,
      contract: DEFAULT_CONTRACT,
      ...WINDOW,
      pageSize: 2,
    });
    expect(files.map((f) => [f.path.replace(/.*#/, ""), f.read, f.skipped, f.calls, f.issueCount])).toEqual([
      ["LiteLLM_SpendLogs@2026-09-01T00:00:00.000Z/2026-09-02T00:00:00.000Z", 5, 1, 4, 1],
      ["LiteLLM_VerificationToken@2026-09-01T00:00:00.000Z/2026-09-02T00:00:00.000Z", 3, 0, 0, 0],
      ["LiteLLM_TeamTable@2026-09-01T00:00:00.000Z/2026-09-02T00:00:00.000Z", 2, 0, 0, 0],
    ]);
    expect(files[0]?.issues[0]).toMatchObject({ line: 5, code: "bad_value" });
    expect([await count("gateway_rows"), await count("gateway_keys"), await count("gateway_teams")]).toEqual([
      4, 3, 2,
    ]);
    const calls = await engine.query<{ request_id: string; team: string | null; tenant: string | null }>(
      sql("SELECT request_id, team, tenant FROM llm_calls ORDER BY start_time, request_id"),
    );
    expect(calls.map((c) => [c.request_id, c.team, c.tenant])).toEqual([
      ["chatcmpl-A1", "team-search", "acme-corp"],
      ["chatcmpl-B2", null, null],
      ["chatcmpl-B3", "team-support", null],
      ["msg_01XFDUDYJgAACzvnptvVoYEL", "team-support", "globex"],
    ]);
  });

  it("refuses to read the same window of the same database twice", async () => {
    const options = { url: db.url, contract: DEFAULT_CONTRACT, ...WINDOW };
    await ingestLitellmPostgres(engine, options);
    const error = await ingestLitellmPostgres(engine, options).catch((err: unknown) => err);
    expect(String(error)).toMatch(
      /is already in this database; reading it again would count its calls twice/,
    );
    expect(await count("gateway_rows")).toBe(4);
  });

  it("leaves nothing behind when the read fails after a page was stored", async () => {
    const url = db.url.replace(/schema=(.*)$/, "schema=$1_broken");
    const error = await ingestLitellmPostgres(engine, {
      url,
      contract: DEFAULT_CONTRACT,
      ...WINDOW,
      pageSize: 2,
    }).catch((err: unknown) => err);
    expect(String(error)).toMatch(
      /reading "LiteLLM_SpendLogs" failed: server closed the connection unexpectedly \(test\)/,
    );
    for (const table of ["gateway_rows", "gateway_keys", "gateway_teams", "llm_calls", "ingest_issues"]) {
      expect([table, await count(table)]).toEqual([table, 0]);
    }
    // The first page had reached the sink before the failure: it was stored, then removed.
    const sink = new MemorySink();
    await readLitellmPostgres({ url, ...WINDOW, pageSize: 2 }, sink).catch(() => {});
    expect(sink.gatewayRowList.map((r) => r.request_id)).toEqual(["chatcmpl-A1", "chatcmpl-B2"]);
  });

  it("reads the last 30 days when no window is given", () => {
    const now = new Date("2026-10-01T12:00:00Z");
    expect(gatewayWindow({}, now)).toEqual({ from: new Date("2026-09-01T12:00:00Z"), to: now });
    expect(gatewayWindow({ to: new Date("2026-09-10T00:00:00Z") }, now).from).toEqual(
      new Date("2026-08-11T00:00:00Z"),
    );
  });
});
