import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLitellmDb, type LitellmDb, PG_BASE } from "../../test/helpers/litellm-postgres.js";
import { runAudit } from "../analyses/audit.js";
import { DEFAULT_CONTRACT } from "../contract/default.js";
import { ChdbEngine } from "../engine/chdb.js";
import { type BackfillRow, confidenceOf, readBackfill } from "./backfill.js";
import { backfillPostgres, pgLiteral } from "./backfillPg.js";
import { AWKWARD_ID, AWKWARD_TENANT, backfillWorld } from "./fixtures/backfill-world.js";

let engine: ChdbEngine;
let rows: BackfillRow[];

beforeAll(async () => {
  engine = await ChdbEngine.open();
  await backfillWorld().load(engine);
  await runAudit(engine);
  rows = await readBackfill(engine);
});
afterAll(async () => {
  await engine?.close();
});

describe("readBackfill", () => {
  it("lists every recovered (row, layer) with its evidence and confidence, and nothing else", () => {
    const brief = rows.map((r) => [
      r.requestId,
      r.layer,
      r.value,
      r.source,
      r.confidence,
      r.linkedBy,
      r.spend,
    ]);
    expect(brief).toEqual([
      [AWKWARD_ID, "workload", 'night\'s "batch"', "call_span", "high", "response_id", null],
      ["r-call", "tenant", AWKWARD_TENANT, "call_span", "high", "response_id", "0.5"],
      // The alias the span stated, written as LiteLLM's team id.
      ["r-call", "team", "team-search", "call_span", "high", "response_id", "0.5"],
      ["r-call", "workload", "rank", "call_span", "high", "response_id", "0.5"],
      ["r-fuzzy", "team", "growth", "call_span", "medium", "fuzzy", "0.125"],
      ["r-hop", "tenant", "initech", "hop_span", "high", "response_id", "0.25"],
      ["r-key", "team", "team-support", "key_table", "medium", null, "0.0625"],
    ]);
    expect(rows.find((r) => r.requestId === "r-call" && r.layer === "team")?.found).toBe("Search");
    expect(rows.find((r) => r.requestId === "r-key")?.found).toBe("Support");
    expect(rows.every((r) => r.sourceFormat === "litellm-spendlogs")).toBe(true);
  });

  it("rates span evidence one step lower when the row is only fuzzy-joined or not linked", () => {
    expect(confidenceOf("hop_span", "trace_id")).toBe("high");
    expect(confidenceOf("call_span", "fuzzy")).toBe("medium");
    expect(confidenceOf("linked_trace", "response_id")).toBe("medium");
    expect(confidenceOf("ancestor_span", null)).toBe("low");
    expect(confidenceOf("ancestor_span", "fuzzy")).toBe("low");
    expect(confidenceOf("key_table", null)).toBe("medium");
  });
});

describe("backfillPostgres", () => {
  it("quotes every literal by doubling single quotes, leaving backslashes and Unicode as they are", () => {
    expect(pgLiteral("it's")).toBe("'it''s'");
    expect(pgLiteral("a\\b")).toBe("'a\\b'");
    expect(pgLiteral("Ünï 🚀")).toBe("'Ünï 🚀'");
    expect(() => pgLiteral("nul\u0000")).toThrow(/NUL/);
  });

  it("writes guarded UPDATEs per target in one transaction, LiteLLM rows only", () => {
    const other: BackfillRow = { ...(rows[0] as BackfillRow), sourceFormat: "helicone" };
    const script = backfillPostgres([...rows, other], {
      contract: DEFAULT_CONTRACT,
      header: ["spendtrail backfill"],
    });
    expect(script).toMatchObject({ statements: 9, otherGateways: 1, unstorable: 0 });
    const lines = script.sql.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "-- spendtrail backfill",
      "BEGIN;",
      "SET LOCAL standard_conforming_strings = on;",
    ]);
    expect(lines.at(-2)).toBe("COMMIT;");
    expect(script.sql).toContain(
      `UPDATE "LiteLLM_SpendLogs" SET "team_id" = 'team-search' WHERE "request_id" = 'r-call' AND coalesce(lower(btrim("team_id")), '') IN ('', 'null', 'unknown', 'unattributed', 'none', '-', 'undefined', 'nil');`,
    );
    expect(script.sql).toContain(
      `SET "end_user" = 'O''Brien \\ Ünïcødé 🚀 ''''' WHERE "request_id" = 'r-call'`,
    );
    expect(script.sql).toContain(`jsonb_build_object('workflow_id', 'night''s "batch"'::text)`);
    expect(script.sql).toContain(`WHERE "request_id" = 'chatcmpl-''q\\x'`);
    expect(script.sql).not.toMatch(/E'/);
  });
});

describe("backfillPostgres against LiteLLM's table in PostgreSQL", () => {
  let db: LitellmDb;
  const scratch = mkdtempSync(join(tmpdir(), "spendtrail-backfill-"));
  const row = (request_id: string, extra: Record<string, unknown>) => ({
    request_id,
    call_type: "acompletion",
    startTime: "2026-05-04 10:00:00",
    endTime: "2026-05-04 10:00:01",
    ...extra,
  });
  beforeAll(async () => {
    db = await createLitellmDb("spendtrail_backfill");
    await db.insert("LiteLLM_SpendLogs", [
      row("r-tagged", { end_user: "acme", team_id: "team-search" }),
      row("r-call", { end_user: "", metadata: { user_api_key: "k1", spend_logs_metadata: null } }),
      row("r-hop", { end_user: "unknown", team_id: "team-search", metadata: {} }),
      // Tagged by hand since the audit: left alone.
      row("r-fuzzy", { team_id: "team-growth" }),
      row("r-key", { metadata: { spend_logs_metadata: { feature: "x" } } }),
      // spend_logs_metadata as JSON text, not an object: left alone.
      row(AWKWARD_ID, { team_id: "team-search", metadata: { spend_logs_metadata: '{"a":1}' } }),
      row("r-none", {}),
    ]);
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const apply = (text: string): void => {
    const file = join(scratch, "backfill.sql");
    writeFileSync(file, text);
    execFileSync("psql", [PG_BASE, "-q", "-v", "ON_ERROR_STOP=1", "-f", file], {
      env: { ...process.env, PGOPTIONS: `-c search_path=${db.schema}` },
    });
  };
  const table = async () =>
    (
      await db.client.query(
        `SELECT request_id, end_user, team_id, metadata FROM "${db.schema}"."LiteLLM_SpendLogs" ORDER BY request_id`,
      )
    ).rows;

  it("fills only empty targets, keeps every character, and changes nothing on a second run", async () => {
    const script = backfillPostgres(rows, { contract: DEFAULT_CONTRACT });
    apply(script.sql);
    const after = await table();
    expect(after).toEqual([
      {
        request_id: AWKWARD_ID,
        end_user: null,
        team_id: "team-search",
        metadata: { spend_logs_metadata: '{"a":1}' },
      },
      {
        request_id: "r-call",
        end_user: AWKWARD_TENANT,
        team_id: "team-search",
        metadata: {
          user_api_key: "k1",
          spend_logs_metadata: { tenant_id: AWKWARD_TENANT, workflow_id: "rank" },
        },
      },
      { request_id: "r-fuzzy", end_user: null, team_id: "team-growth", metadata: {} },
      {
        request_id: "r-hop",
        end_user: "initech",
        team_id: "team-search",
        metadata: { spend_logs_metadata: { tenant_id: "initech" } },
      },
      {
        request_id: "r-key",
        end_user: null,
        team_id: "team-support",
        metadata: { spend_logs_metadata: { feature: "x" } },
      },
      { request_id: "r-none", end_user: null, team_id: null, metadata: {} },
      { request_id: "r-tagged", end_user: "acme", team_id: "team-search", metadata: {} },
    ]);
    apply(script.sql);
    expect(await table()).toEqual(after);
  });
});
