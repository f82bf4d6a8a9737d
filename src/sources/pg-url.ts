import { SpendtrailError } from "../errors.js";

/** A `postgres://` URL taken apart: what to connect with, and how to name it without secrets. */
export interface PgTarget {
  /** The URL for the `pg` client, without the `schema` parameter. */
  connectionString: string;
  /** Schema holding LiteLLM's tables; null: the connection's current schema (usually `public`). */
  schema: string | null;
  host: string;
  port: number;
  database: string;
  /** `postgres://user@host:port/db`: the password and query are never shown. */
  label: string;
}

const SCHEMES = new Set(["postgres:", "postgresql:"]);

/**
 * Parses `--gateway postgres://user:password@host:port/db[?schema=name&sslmode=...]`.
 * `schema` is Prisma's parameter (LiteLLM's DATABASE_URL may carry it); the others go to `pg`.
 */
export function parsePgUrl(url: string): PgTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usage(url, "not a URL");
  }
  if (!SCHEMES.has(parsed.protocol)) throw usage(url, `the scheme is ${parsed.protocol}`);
  const schema = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  const host = decodeURIComponent(parsed.hostname) || "localhost";
  const port = parsed.port === "" ? 5432 : Number(parsed.port);
  const database =
    decodeURIComponent(parsed.pathname.replace(/^\//, "")) || decodeURIComponent(parsed.username);
  const user = parsed.username === "" ? "" : `${decodeURIComponent(parsed.username)}@`;
  return {
    connectionString: parsed.toString(),
    schema: schema === null || schema === "" ? null : schema,
    host,
    port,
    database,
    label: `postgres://${user}${host}:${port}/${database}`,
  };
}

function usage(url: string, problem: string): SpendtrailError {
  // The URL may hold a password: name only its shape.
  const shown = url.replace(/\/\/[^@/]*@/, "//***@");
  return new SpendtrailError(
    "E_USAGE",
    `--gateway ${shown}: ${problem}; expected postgres://user:password@host:5432/database (LiteLLM's DATABASE_URL)`,
  );
}

/** A quoted SQL identifier (`"LiteLLM_SpendLogs"`, `"startTime"`); inner quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
