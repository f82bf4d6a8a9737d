import pg from "pg";
import { errorMessage } from "../errors.js";
import { SkipRecord } from "../formats/gateway/drive.js";
import type { ReadCounts, ReadIssue, RecordSink } from "../formats/reader.js";
import { SPEND_LOGS, type TableSpec, TEAMS, VERIFICATION_TOKENS } from "./litellm-tables.js";
import { connectError, queryError } from "./pg-errors.js";
import { type Paging, pageQuery } from "./pg-page.js";
import { checkTables, type PgQuery, resolveSchema } from "./pg-schema.js";
import { type PgTarget, parsePgUrl } from "./pg-url.js";

/** Reading a live LiteLLM database (`--gateway postgres://...`). */
export interface LitellmPostgresOptions {
  url: string;
  /** Spend log rows that started at or after this instant. */
  from: Date;
  /** ...and before this one. */
  to: Date;
  /** Rows per query (default 5000): memory stays bounded whatever the table's size. */
  pageSize?: number;
  /** Default 10 000 ms. */
  connectTimeoutMs?: number;
}

/** Where the rows go: the gateway part of a RecordSink. Each call gets one fully mapped page. */
export type GatewaySink = Pick<RecordSink, "gatewayRows" | "gatewayKeys" | "gatewayTeams" | "issue">;

/** How each table's rows and problems are named (`source_file` of its rows, `file` of its issues). */
export interface PostgresLabels {
  spendLogs: string;
  keys: string;
  teams: string;
}

export interface PostgresReadCounts {
  spendLogs: ReadCounts;
  keys: ReadCounts;
  teams: ReadCounts;
}

/**
 * Names of the three tables for one read: `postgres://user@host:port/db#<table>@<from>/<to>`
 * (ISO 8601 interval), so two windows of one database stay apart. No password, no query.
 */
export function postgresLabels(url: string, from: Date, to: Date): PostgresLabels {
  const base = parsePgUrl(url).label;
  const window = `@${from.toISOString()}/${to.toISOString()}`;
  return {
    spendLogs: `${base}#${SPEND_LOGS.table}${window}`,
    keys: `${base}#${VERIFICATION_TOKENS.table}${window}`,
    teams: `${base}#${TEAMS.table}${window}`,
  };
}

/**
 * Reads `LiteLLM_SpendLogs` for [from, to) plus `LiteLLM_VerificationToken` and
 * `LiteLLM_TeamTable` in one read-only REPEATABLE READ transaction (one consistent snapshot,
 * nothing written), in keyset-paged queries ordered by ("startTime", request_id), and maps
 * each row with the same function as the tables' CSV/JSON exports. A bad row is an issue
 * (record number = its place in the read); connection and schema problems throw a
 * SpendtrailError naming the host, table or column, before any row reaches the sink.
 */
export async function readLitellmPostgres(
  options: LitellmPostgresOptions,
  sink: GatewaySink,
): Promise<PostgresReadCounts> {
  const target = parsePgUrl(options.url);
  const labels = postgresLabels(options.url, options.from, options.to);
  const client = new pg.Client({
    connectionString: target.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: "spendtrail",
  });
  // A connection lost between queries is reported by the next query; this keeps it from crashing the process.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw connectError(target, err);
  }
  try {
    return await readSnapshot(client, target, labels, options, sink);
  } finally {
    await client.end().catch(() => {});
  }
}

async function readSnapshot(
  client: pg.Client,
  target: PgTarget,
  labels: PostgresLabels,
  options: LitellmPostgresOptions,
  sink: GatewaySink,
): Promise<PostgresReadCounts> {
  let step = "starting a read-only transaction";
  const query: PgQuery = async (text, values) => {
    try {
      return (await client.query(text, [...values])).rows as Record<string, unknown>[];
    } catch (err) {
      throw queryError(target, step, err);
    }
  };
  await query("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", []);
  step = "reading the table definitions";
  const schema = await resolveSchema(query, target);
  const labelOf = (table: string): string =>
    table === SPEND_LOGS.table ? labels.spendLogs : table === TEAMS.table ? labels.teams : labels.keys;
  const specs = [SPEND_LOGS, VERIFICATION_TOKENS, TEAMS] as TableSpec<unknown>[];
  const { present, notes } = await checkTables(query, target, schema, specs, labelOf);
  for (const note of notes) sink.issue(note);
  const page = {
    schema,
    present,
    window: [options.from, options.to] as const,
    size: options.pageSize ?? 5000,
  };
  step = `reading "${SPEND_LOGS.table}"`;
  const spendLogs = await readTable(query, SPEND_LOGS, page, labels.spendLogs, sink, (r) =>
    sink.gatewayRows(r),
  );
  step = `reading "${VERIFICATION_TOKENS.table}"`;
  const keys = await readTable(query, VERIFICATION_TOKENS, page, labels.keys, sink, (r) =>
    sink.gatewayKeys(r),
  );
  step = `reading "${TEAMS.table}"`;
  const teams = await readTable(query, TEAMS, page, labels.teams, sink, (r) => sink.gatewayTeams(r));
  step = "ending the read-only transaction";
  await query("COMMIT", []);
  return { spendLogs, keys, teams };
}

async function readTable<R>(
  query: PgQuery,
  spec: TableSpec<R>,
  paging: Paging,
  file: string,
  sink: GatewaySink,
  emit: (rows: R[]) => Promise<void>,
): Promise<ReadCounts> {
  const counts: ReadCounts = { read: 0, skipped: 0 };
  let cursor: string[] | null = null;
  for (;;) {
    const { text, values } = pageQuery(spec as TableSpec<unknown>, paging, cursor);
    const raw = await query(text, values);
    const rows = mapPage(raw, spec, file, counts, (issue) => sink.issue(issue));
    if (rows.length > 0) await emit(rows);
    const last = raw.at(-1);
    if (raw.length < paging.size || last === undefined) return counts;
    cursor = spec.order.map((c) => String(last[c]));
  }
}

function mapPage<R>(
  raw: readonly Record<string, unknown>[],
  spec: TableSpec<R>,
  file: string,
  counts: ReadCounts,
  issue: (issue: ReadIssue) => void,
): R[] {
  const rows: R[] = [];
  for (const fields of raw) {
    counts.read += 1;
    const line = counts.read;
    const warn = (message: string): void => issue({ file, line, code: "bad_value", message });
    try {
      rows.push(spec.map(fields, { file, line, warn }));
    } catch (err) {
      counts.skipped += 1;
      const code = err instanceof SkipRecord ? err.code : "bad_record";
      issue({ file, line, code, message: errorMessage(err) });
    }
  }
  return rows;
}
