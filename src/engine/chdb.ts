import { mkdirSync } from "node:fs";
import { drainPending, Session } from "chdb";
import { EngineError, errorMessage } from "../errors.js";
import type { Engine, LocalFile, TableName } from "./engine.js";
import { applySchema } from "./schema.js";
import { type Sql, sql } from "./sql.js";

export interface ChdbOptions {
  /** Data directory to keep; a temporary one (removed on close) when absent. */
  dir?: string;
}

/**
 * The embedded engine: ClickHouse in-process through chdb. libchdb binds one data
 * directory per process, so a process holds one open ChdbEngine at a time.
 */
export class ChdbEngine implements Engine {
  readonly kind = "chdb" as const;
  readonly dir: string;
  readonly #session: Session;
  #closed = false;

  private constructor(session: Session) {
    this.#session = session;
    this.dir = session.path;
  }

  static async open(options: ChdbOptions = {}): Promise<ChdbEngine> {
    await drainPending();
    if (options.dir !== undefined) mkdirSync(options.dir, { recursive: true });
    const session = options.dir === undefined ? new Session() : new Session(options.dir);
    const engine = new ChdbEngine(session);
    await applySchema(engine);
    return engine;
  }

  async exec(statement: Sql): Promise<void> {
    await this.#run(statement, "Null");
  }

  async query<T = Record<string, unknown>>(statement: Sql): Promise<T[]> {
    const text = await this.#run(statement, "JSONEachRow");
    if (text.length === 0) return [];
    return text
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as T);
  }

  async insert(table: TableName, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return;
    let payload = "";
    for (const row of rows) payload += `${JSON.stringify(row)}\n`;
    try {
      await this.#session.insert({
        table,
        values: Buffer.from(payload),
        format: "JSONEachRow",
        settings: { input_format_skip_unknown_fields: 1, date_time_input_format: "best_effort" },
      });
    } catch (err) {
      throw new EngineError(`insert into ${table} failed: ${errorMessage(err)}`, `INSERT INTO ${table}`, {
        cause: err,
      });
    }
  }

  async fileLines(file: LocalFile): Promise<{ source: Sql; release(): Promise<void> }> {
    const source = sql(
      "(SELECT line, _row_number + 1 AS line_no FROM file({st_path:String}, 'LineAsString', 'line String', {st_compression:String}))",
      { st_path: file.path, st_compression: file.compression },
    );
    return { source, release: async () => {} };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#session.close();
    await drainPending();
  }

  async #run(statement: Sql, format: string): Promise<string> {
    try {
      const result = await this.#session.queryBindAsync(statement.text, statement.params, {
        format,
      });
      return result.text();
    } catch (err) {
      throw new EngineError(errorMessage(err), statement.text, { cause: err });
    }
  }
}
