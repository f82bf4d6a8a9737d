import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "./chdb.js";
import { sql } from "./sql.js";

describe("ChdbEngine", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it("binds parameters instead of splicing them", async () => {
    const rows = await engine.query<{ v: string }>(
      sql("SELECT {v:String} AS v", { v: "x'); DROP TABLE t; --" }),
    );
    expect(rows).toEqual([{ v: "x'); DROP TABLE t; --" }]);
  });

  it("creates the exporter's otel_traces table and the canonical tables", async () => {
    const rows = await engine.query<{ name: string }>(
      sql("SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name"),
    );
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(["gateway_keys", "gateway_rows", "gateway_teams", "llm_calls", "otel_traces"]),
    );
  });

  it("inserts rows and reads them back", async () => {
    await engine.insert("gateway_teams", [{ source_file: "t.csv", team_id: "t1", team_alias: "search" }]);
    const rows = await engine.query(sql("SELECT team_id, team_alias FROM gateway_teams"));
    expect(rows).toEqual([{ team_id: "t1", team_alias: "search" }]);
  });
});
