import { readdirSync, readFileSync } from "node:fs";
import type { Engine } from "./engine.js";
import { splitStatements, sql } from "./sql.js";

const SQL_DIR = new URL("./sql/", import.meta.url);

/**
 * The DDL files, in order: `schema.sql` (the core tables) first, then every `schema-<topic>.sql`
 * by name, so a feature adds its tables in its own file.
 */
export function schemaFiles(): string[] {
  const topics = readdirSync(SQL_DIR)
    .filter((name) => /^schema-[\w-]+\.sql$/.test(name))
    .sort();
  return ["schema.sql", ...topics];
}

/** Creates the tables spendtrail needs when they do not exist yet. */
export async function applySchema(engine: Engine): Promise<void> {
  for (const file of schemaFiles()) {
    for (const statement of splitStatements(readFileSync(new URL(file, SQL_DIR), "utf8"))) {
      await engine.exec(sql(statement));
    }
  }
}
