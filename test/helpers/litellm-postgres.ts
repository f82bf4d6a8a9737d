import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";

/**
 * A LiteLLM database in the local PostgreSQL (127.0.0.1:5432, trust auth, database `test`):
 * a uniquely named schema holding LiteLLM's real table definitions
 * (`test/fixtures/litellm-postgres-schema.sql`), dropped by `drop()`.
 */
export const PG_BASE = "postgres://postgres@127.0.0.1:5432/test";

const SCHEMA_SQL = readFileSync(new URL("../fixtures/litellm-postgres-schema.sql", import.meta.url), "utf8");

export interface LitellmDb {
  schema: string;
  /** `--gateway` URL selecting the schema (Prisma's `?schema=`). */
  url: string;
  client: pg.Client;
  /** Inserts rows (column -> value; objects become jsonb) into a table of the schema. */
  insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  drop(): Promise<void>;
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Creates the schema and LiteLLM's tables in it. */
export async function createLitellmDb(prefix = "spendtrail_test"): Promise<LitellmDb> {
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  await client.query(`CREATE SCHEMA ${ident(schema)}`);
  await client.query(`SET search_path TO ${ident(schema)}`);
  await client.query(SCHEMA_SQL);
  return {
    schema,
    url: `${PG_BASE}?schema=${schema}`,
    client,
    async insert(table, rows) {
      for (const row of rows) {
        const columns = Object.keys(row);
        const values = columns.map((c) => {
          const v = row[c];
          return v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v;
        });
        const slots = columns.map((_, i) => `$${i + 1}`).join(", ");
        await client.query(
          `INSERT INTO ${ident(schema)}.${ident(table)} (${columns.map(ident).join(", ")}) VALUES (${slots})`,
          values,
        );
      }
    },
    async drop() {
      await client.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
      await client.end();
    },
  };
}
