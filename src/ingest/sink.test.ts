import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChdbEngine } from "../engine/chdb.js";
import { sql } from "../engine/sql.js";
import type { ReadIssue } from "../formats/reader.js";
import type { GatewayTeamRow } from "../record/gateway.js";
import { EngineSink } from "./sink.js";

const FILE = "exports/teams.csv";
const team = (n: number): GatewayTeamRow => ({
  source_file: FILE,
  team_id: `team-${n}`,
  team_alias: `Team ${n}`,
});
const issue = (line: number): ReadIssue => ({
  file: FILE,
  line,
  code: "bad_csv",
  message: `row has 3 cells; expected 21 (the header's columns)`,
});

describe("EngineSink", () => {
  let engine: ChdbEngine;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
  });
  afterAll(async () => {
    await engine.close();
  });

  it("inserts rows in batches and the rest on flush", async () => {
    const sink = new EngineSink(engine, {
      file: FILE,
      format: "litellm-teams",
      keepContent: false,
      batchRows: 2,
    });
    await sink.gatewayTeams([team(1)]);
    expect(await count("gateway_teams")).toBe(0);
    await sink.gatewayTeams([team(2), team(3)]);
    expect(await count("gateway_teams")).toBe(3);
    await sink.gatewayTeams([team(4)]);
    await sink.flush();
    const rows = await engine.query<{ team_id: string }>(
      sql("SELECT team_id FROM gateway_teams ORDER BY team_id"),
    );
    expect(rows.map((r) => r.team_id)).toEqual(["team-1", "team-2", "team-3", "team-4"]);
  });

  it("keeps the first issues, counts all, and writes all to ingest_issues", async () => {
    const sink = new EngineSink(engine, {
      file: FILE,
      format: "",
      keepContent: false,
      batchRows: 2,
      keptIssues: 2,
    });
    sink.setFormat("litellm-teams");
    for (const line of [3, 5, 8, 13, 21]) sink.issue(issue(line));
    sink.issue({ file: FILE, line: null, code: "truncated", message: "the gzip stream ends early" });
    await sink.flush();
    expect(sink.issueCount).toBe(6);
    expect(sink.firstIssues).toEqual([issue(3), issue(5)]);
    const stored = await engine.query<{ line: number; format: string; code: string }>(
      sql("SELECT line, format, code FROM ingest_issues WHERE file = {f:String} ORDER BY line", { f: FILE }),
    );
    expect(stored.map((r) => [Number(r.line), r.format, r.code])).toEqual([
      [0, "litellm-teams", "truncated"],
      [3, "litellm-teams", "bad_csv"],
      [5, "litellm-teams", "bad_csv"],
      [8, "litellm-teams", "bad_csv"],
      [13, "litellm-teams", "bad_csv"],
      [21, "litellm-teams", "bad_csv"],
    ]);
  });

  it("hands OTLP/JSON documents to the engine-side loader and keeps its issues", async () => {
    const file = "traces/batch.jsonl";
    const sink = new EngineSink(engine, { file, format: "otlp-json", keepContent: false });
    const span = {
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
      name: "chat gpt-4o",
      kind: 3,
      startTimeUnixNano: "1791969123412518000",
      endTimeUnixNano: "1791969124719000000",
      attributes: [{ key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } }],
    };
    const good = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
    const counts = await sink.otlpJson({
      documents: [
        { line: 1, text: good },
        { line: 2, text: '{"resourceSpans":[{"scopeSpa' },
      ],
    });
    await sink.flush();
    expect(counts).toEqual({ read: 2, skipped: 1 });
    expect(sink.firstIssues).toEqual([expect.objectContaining({ file, line: 2, code: "bad_json" })]);
    expect(await count("otel_traces")).toBe(1);
  });

  async function count(table: string): Promise<number> {
    const [row] = await engine.query<{ n: number }>(sql(`SELECT count() AS n FROM ${table}`));
    return Number(row?.n);
  }
});
