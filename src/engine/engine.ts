import type { Sql } from "./sql.js";

export const ENGINE_KINDS = ["chdb", "clickhouse"] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

/** The canonical tables spendtrail writes. */
export const TABLES = [
  "otel_traces",
  "gateway_rows",
  "gateway_keys",
  "gateway_teams",
  "llm_calls",
  "ingest_issues",
  "app_logs",
  "captures",
  "provider_usage",
] as const;
export type TableName = (typeof TABLES)[number];

/** A local file the engine may read itself (the fast path for big inputs). */
export interface LocalFile {
  path: string;
  compression: "none" | "gzip";
}

/**
 * The only place SQL is executed. Analyses build `Sql` values and hand them here;
 * the same statements run on the embedded chdb and on a ClickHouse server.
 */
export interface Engine {
  readonly kind: EngineKind;
  /** Runs a statement that returns no rows (DDL, INSERT ... SELECT). */
  exec(statement: Sql): Promise<void>;
  /** Runs a query and returns its rows as objects (64-bit integers as numbers where they fit). */
  query<T = Record<string, unknown>>(statement: Sql): Promise<T[]>;
  /** Inserts rows (objects keyed by column name) into a table. */
  insert(table: TableName, rows: readonly object[]): Promise<void>;
  /**
   * Table expression with one row per line of `file` (`line String`, `line_no UInt64`, 1-based),
   * for statements that let the engine parse a big file itself.
   */
  fileLines(file: LocalFile): Promise<{ source: Sql; release(): Promise<void> }>;
  close(): Promise<void>;
}
