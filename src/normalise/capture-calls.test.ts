import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONTRACT } from "../contract/default.js";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import { ingestFiles } from "../ingest/index.js";

const fixture = (path: string) => fileURLToPath(new URL(`../formats/fixtures/${path}`, import.meta.url));

let engine: ChdbEngine;
beforeAll(async () => {
  engine = await ChdbEngine.open();
});
afterAll(async () => {
  await engine.close();
});

describe("captures and app logs through ingest", () => {
  it("turns each captured LLM call into a call row with status, tokens and identity", async () => {
    const summary = await ingestFiles(engine, [fixture("har/llm-session.har")], {
      contract: DEFAULT_CONTRACT,
    });
    expect(summary.files[0]).toMatchObject({ format: "har", read: 11, skipped: 3, calls: 8 });
    const rows = await engine.query<Record<string, unknown>>(
      sql(`SELECT source_line, status, operation, provider, input_tokens, uncached_input_tokens, output_tokens,
        tenant, team, workload, identity_keys, key_hash IS NOT NULL AS keyed, error_type,
        toString(start_time) AS start, toString(end_time) AS end
        FROM llm_calls WHERE source = 'capture' ORDER BY source_line`),
    );
    expect(rows.map((r) => [r.source_line, r.status, r.operation])).toEqual([
      [3, "ok", "chat"],
      [4, "ok", "chat"],
      [5, "client_cancelled", "chat"],
      [6, "ok", "chat"],
      [7, "rate_limited", "chat"],
      [8, "ok", "chat"],
      [9, "provider_error", "chat"],
      [10, "ok", "responses"],
    ]);
    expect(rows[0]).toMatchObject({
      provider: "openai",
      input_tokens: 1149,
      uncached_input_tokens: 125,
      output_tokens: 353,
      tenant: "acme-corp",
      team: "search",
      workload: "wf-digest",
      identity_keys: { tenant: "http.request.header.x-tenant-id", team: "team_id", workload: "workflow_id" },
      keyed: 1,
      start: "2025-06-02 14:03:11.482000000",
      end: "2025-06-02 14:03:13.900700000",
    });
    expect(rows[3]).toMatchObject({
      provider: "anthropic",
      tenant: "globex",
      input_tokens: 5132,
      output_tokens: 142,
    });
    expect(rows[4]).toMatchObject({ team: "support", error_type: "requests" });
    // The body `user` stands for the tenant when nothing else names one.
    expect(rows[7]).toMatchObject({ tenant: "cust-0099", identity_keys: { tenant: "end_user" } });
  });

  it("is idempotent and stores app log rows with maps and nullable times", async () => {
    await ingestFiles(engine, [fixture("app-logs/mixed.ndjson")], { contract: DEFAULT_CONTRACT });
    const [calls] = await engine.query<{ n: number }>(
      sql("SELECT count() AS n FROM llm_calls WHERE source = 'capture'"),
    );
    expect(Number(calls?.n)).toBe(8);
    const logs = await engine.query<Record<string, unknown>>(
      sql(`SELECT line, trace_id, trace_id_problem, toString(timestamp) AS ts, identity, field_kinds
        FROM app_logs ORDER BY line`),
    );
    expect(logs.map((r) => r.line)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 13]);
    expect(logs[1]).toMatchObject({
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      trace_id_problem: "",
      ts: "2025-06-02 14:03:11.901000000",
      identity: { teamId: "search" },
      field_kinds: { message: "email" },
    });
  });
});
