import { readFileSync } from "node:fs";
import type { Engine } from "./engine.js";
import { splitStatements, sql } from "./sql.js";

const SCHEMA_FILE = new URL("./sql/schema.sql", import.meta.url);

/** Creates the tables spendtrail needs when they do not exist yet. */
export async function applySchema(engine: Engine): Promise<void> {
  for (const statement of splitStatements(readFileSync(SCHEMA_FILE, "utf8"))) {
    await engine.exec(sql(statement));
  }
}
