import type { Engine, LocalFile, TableName } from "../engine/engine.js";
import type { OtlpDocument, ReadCounts, ReadIssue, RecordSink } from "../formats/reader.js";
import type { AppLogRow, CaptureRow } from "../record/evidence.js";
import type { GatewayKeyRow, GatewayRow, GatewayTeamRow } from "../record/gateway.js";
import type { ProviderUsageRow } from "../record/provider-usage.js";
import type { SpanRow } from "../record/span.js";
import { loadOtlpJson } from "./otlp-json.js";

/** Rows per `engine.insert` call: big enough to amortise the insert, small enough to bound memory. */
export const BATCH_ROWS = 10_000;

/** Issues kept in memory per file for the summary; all of them go to `ingest_issues`. */
export const KEPT_ISSUES = 5;

export interface EngineSinkOptions {
  /** The input file, as the user named it. */
  file: string;
  /** Reader id, stored with each issue ("" before a reader is chosen). */
  format: string;
  /** Keep prompt/completion attributes on spans (`--keep-content`). */
  keepContent: boolean;
  /** Default BATCH_ROWS. */
  batchRows?: number;
  /** Default KEPT_ISSUES. */
  keptIssues?: number;
}

/**
 * The ingest stage's RecordSink for one file: buffers rows per table and inserts them in
 * batches, hands OTLP/JSON to the engine-side loader, and keeps the first issues in memory
 * while every issue is written to `ingest_issues`. Call `flush()` when the reader is done;
 * engine failures surface there (or from the method that triggered the insert).
 */
export class EngineSink implements RecordSink {
  readonly #engine: Engine;
  readonly #options: Required<EngineSinkOptions>;
  readonly #buffers = new Map<TableName, object[]>();
  readonly #kept: ReadIssue[] = [];
  #issueCount = 0;
  /** Issues arrive synchronously; their inserts are chained and awaited in `flush()`. */
  #issueWrites: Promise<void> = Promise.resolve();
  #issueError: unknown = null;

  constructor(engine: Engine, options: EngineSinkOptions) {
    this.#engine = engine;
    this.#options = { batchRows: BATCH_ROWS, keptIssues: KEPT_ISSUES, ...options };
  }

  /** Every issue reported so far for this file. */
  get issueCount(): number {
    return this.#issueCount;
  }

  /** The first `keptIssues` issues, in the order they were reported. */
  get firstIssues(): readonly ReadIssue[] {
    return this.#kept;
  }

  spans(rows: readonly SpanRow[]): Promise<void> {
    return this.#add("otel_traces", rows);
  }

  gatewayRows(rows: readonly GatewayRow[]): Promise<void> {
    return this.#add("gateway_rows", rows);
  }

  gatewayKeys(rows: readonly GatewayKeyRow[]): Promise<void> {
    return this.#add("gateway_keys", rows);
  }

  gatewayTeams(rows: readonly GatewayTeamRow[]): Promise<void> {
    return this.#add("gateway_teams", rows);
  }

  appLogs(rows: readonly AppLogRow[]): Promise<void> {
    return this.#add("app_logs", rows);
  }

  captures(rows: readonly CaptureRow[]): Promise<void> {
    return this.#add("captures", rows);
  }

  providerUsage(rows: readonly ProviderUsageRow[]): Promise<void> {
    return this.#add("provider_usage", rows);
  }

  async otlpJson(source: { lines: LocalFile } | { documents: readonly OtlpDocument[] }): Promise<ReadCounts> {
    const result = await loadOtlpJson(this.#engine, source, {
      file: this.#options.file,
      keepContent: this.#options.keepContent,
    });
    for (const issue of result.issues) this.issue(issue);
    return result.counts;
  }

  issue(issue: ReadIssue): void {
    this.#issueCount += 1;
    if (this.#kept.length < this.#options.keptIssues) this.#kept.push(issue);
    const rows = this.#buffer("ingest_issues");
    rows.push({
      file: issue.file,
      line: issue.line ?? 0,
      format: this.#options.format,
      code: issue.code,
      message: issue.message,
    });
    if (rows.length >= this.#options.batchRows) this.#writeIssues();
  }

  /** Sets the reader id stored with later issues (the file's format is known after detection). */
  setFormat(format: string): void {
    this.#options.format = format;
  }

  /** Inserts everything still buffered. Rethrows an engine failure from an earlier issue insert. */
  async flush(): Promise<void> {
    this.#writeIssues();
    await this.#issueWrites;
    if (this.#issueError !== null) throw this.#issueError;
    for (const [table, rows] of this.#buffers) {
      if (table === "ingest_issues" || rows.length === 0) continue;
      this.#buffers.set(table, []);
      await this.#engine.insert(table, rows);
    }
  }

  async #add(table: TableName, rows: readonly object[]): Promise<void> {
    const buffer = this.#buffer(table);
    for (const row of rows) buffer.push(row);
    if (buffer.length < this.#options.batchRows) return;
    this.#buffers.set(table, []);
    await this.#engine.insert(table, buffer);
  }

  #buffer(table: TableName): object[] {
    let rows = this.#buffers.get(table);
    if (rows === undefined) {
      rows = [];
      this.#buffers.set(table, rows);
    }
    return rows;
  }

  #writeIssues(): void {
    const rows = this.#buffers.get("ingest_issues");
    if (rows === undefined || rows.length === 0) return;
    this.#buffers.set("ingest_issues", []);
    this.#issueWrites = this.#issueWrites.then(async () => {
      if (this.#issueError !== null) return;
      try {
        await this.#engine.insert("ingest_issues", rows);
      } catch (err) {
        this.#issueError = err;
      }
    });
  }
}
