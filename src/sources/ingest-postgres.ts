import type { IdentityContract } from "../contract/types.js";
import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import { SpendtrailError } from "../errors.js";
import type { ReadCounts, ReadIssue } from "../formats/reader.js";
import type { FileSummary } from "../ingest/index.js";
import { EngineSink } from "../ingest/sink.js";
import { normaliseNewCalls } from "../normalise/index.js";
import type { GatewayKeyRow, GatewayRow, GatewayTeamRow } from "../record/gateway.js";
import {
  type GatewaySink,
  type LitellmPostgresOptions,
  type PostgresLabels,
  postgresLabels,
  readLitellmPostgres,
} from "./litellm-postgres.js";

/** The `format` a live LiteLLM database is summarised under. */
export const LITELLM_POSTGRES = "litellm-postgres";

/** Default window of `--gateway` without `--from`: the last 30 days. */
export const DEFAULT_WINDOW_DAYS = 30;

export interface IngestPostgresOptions {
  url: string;
  contract: IdentityContract;
  /** Default: `to` minus 30 days. */
  from?: Date;
  /** Default: now. */
  to?: Date;
  pageSize?: number;
  connectTimeoutMs?: number;
}

/** The window actually read: defaults filled in. */
export function gatewayWindow(
  options: { from?: Date; to?: Date },
  now = new Date(),
): { from: Date; to: Date } {
  const to = options.to ?? now;
  const from = options.from ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
  return { from, to };
}

/**
 * Spend log pages go to the engine as soon as each is mapped; keys and teams (small tables)
 * are kept until the read has finished, so a failure only ever leaves spend rows behind,
 * which `rollBack` removes by their source name.
 */
class PostgresIngestSink implements GatewaySink {
  readonly keys: GatewayKeyRow[] = [];
  readonly teams: GatewayTeamRow[] = [];
  readonly #engine: EngineSink;
  constructor(engine: EngineSink) {
    this.#engine = engine;
  }
  async gatewayRows(rows: readonly GatewayRow[]): Promise<void> {
    await this.#engine.gatewayRows(rows);
    await this.#engine.flush();
  }
  async gatewayKeys(rows: readonly GatewayKeyRow[]): Promise<void> {
    this.keys.push(...rows);
  }
  async gatewayTeams(rows: readonly GatewayTeamRow[]): Promise<void> {
    this.teams.push(...rows);
  }
  issue(issue: ReadIssue): void {
    this.#engine.issue(issue);
  }
}

/**
 * Ingests a live LiteLLM database for a window (`--gateway postgres://...`): reads it with
 * `readLitellmPostgres`, stores the rows and normalises them into calls. All or nothing: on
 * any failure the rows this read stored are removed before the error propagates. A window of
 * a database already in the engine is refused (it would count every call twice).
 * Returns one summary per table, like one file each.
 */
export async function ingestLitellmPostgres(
  engine: Engine,
  options: IngestPostgresOptions,
): Promise<FileSummary[]> {
  const { from, to } = gatewayWindow(options);
  const labels = postgresLabels(options.url, from, to);
  await refuseReload(engine, labels);
  const engineSink = new EngineSink(engine, {
    file: labels.spendLogs,
    format: LITELLM_POSTGRES,
    keepContent: false,
  });
  const sink = new PostgresIngestSink(engineSink);
  const read: LitellmPostgresOptions = { url: options.url, from, to };
  if (options.pageSize !== undefined) read.pageSize = options.pageSize;
  if (options.connectTimeoutMs !== undefined) read.connectTimeoutMs = options.connectTimeoutMs;
  try {
    const counts = await readLitellmPostgres(read, sink);
    await engineSink.flush();
    if (sink.keys.length > 0) await engine.insert("gateway_keys", sink.keys);
    if (sink.teams.length > 0) await engine.insert("gateway_teams", sink.teams);
    const made = await normaliseNewCalls(engine, options.contract);
    return await summaries(engine, labels, counts, made.gateway);
  } catch (err) {
    await rollBack(engine, labels);
    throw err;
  }
}

const LABELLED = [
  ["gateway_rows", "source_file"],
  ["gateway_keys", "source_file"],
  ["gateway_teams", "source_file"],
  ["ingest_issues", "file"],
] as const;

function labelList(labels: PostgresLabels): string[] {
  return [labels.spendLogs, labels.keys, labels.teams];
}

async function refuseReload(engine: Engine, labels: PostgresLabels): Promise<void> {
  const [row] = await engine.query<{ n: number }>(
    sql("SELECT count() AS n FROM gateway_rows WHERE source_file = {pg_label:String}", {
      pg_label: labels.spendLogs,
    }),
  );
  if (Number(row?.n ?? 0) > 0) {
    throw new SpendtrailError(
      "E_USAGE",
      `${labels.spendLogs} is already in this database; reading it again would count its calls twice (use a new --db, or another --from/--to)`,
    );
  }
}

/** Removes every row and issue this read stored (its labels are unique to it: see `refuseReload`). */
async function rollBack(engine: Engine, labels: PostgresLabels): Promise<void> {
  for (const [table, column] of LABELLED) {
    await engine.exec(
      sql(`DELETE FROM ${table} WHERE ${column} IN {pg_labels:Array(String)}`, {
        pg_labels: labelList(labels),
      }),
    );
  }
}

async function summaries(
  engine: Engine,
  labels: PostgresLabels,
  counts: { spendLogs: ReadCounts; keys: ReadCounts; teams: ReadCounts },
  gatewayCalls: number,
): Promise<FileSummary[]> {
  const params = { pg_labels: labelList(labels) };
  const first = await engine.query<{ file: string; line: number; code: ReadIssue["code"]; message: string }>(
    sql(
      "SELECT file, line, code, message FROM ingest_issues WHERE file IN {pg_labels:Array(String)} ORDER BY file, line LIMIT 5 BY file",
      params,
    ),
  );
  const totals = await engine.query<{ file: string; n: number }>(
    sql(
      "SELECT file, count() AS n FROM ingest_issues WHERE file IN {pg_labels:Array(String)} GROUP BY file",
      params,
    ),
  );
  const entry = (path: string, read: ReadCounts, calls: number): FileSummary => {
    const own = first.filter((i) => i.file === path);
    return {
      path,
      format: LITELLM_POSTGRES,
      ...read,
      issues: own.map((i) => ({ ...i, line: Number(i.line) === 0 ? null : Number(i.line) })),
      issueCount: Number(totals.find((t) => t.file === path)?.n ?? 0),
      calls,
      spanCalls: 0,
      gatewayCalls: calls,
    };
  };
  return [
    entry(labels.spendLogs, counts.spendLogs, gatewayCalls),
    entry(labels.keys, counts.keys, 0),
    entry(labels.teams, counts.teams, 0),
  ];
}
