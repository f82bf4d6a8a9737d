import { errorMessage, SpendtrailError } from "../errors.js";
import type { PgTarget } from "./pg-url.js";

interface NodeishError {
  code?: unknown;
  errors?: unknown;
}

/** The first error code on `err` or, for Node's AggregateError (IPv4 + IPv6 tries), on its parts. */
function codeOf(err: unknown): string {
  const e = err as NodeishError | null;
  if (typeof e?.code === "string") return e.code;
  const parts = Array.isArray(e?.errors) ? e.errors : [];
  for (const part of parts) {
    const code = (part as NodeishError | null)?.code;
    if (typeof code === "string") return code;
  }
  return "";
}

const CONNECT_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused (is PostgreSQL running there, and are host and port right?)",
  ENOTFOUND: "no such host",
  EAI_AGAIN: "the host name could not be resolved",
  ETIMEDOUT: "the connection timed out",
  EHOSTUNREACH: "the host is unreachable",
  "28P01": "password authentication failed (check the user and password in the URL)",
  "28000": "the server refused this user (pg_hba.conf)",
  "3D000": "no such database",
};

/** A failed connection, naming where it tried and why; never the password. */
export function connectError(target: PgTarget, err: unknown): SpendtrailError {
  const reason = CONNECT_REASONS[codeOf(err)] ?? errorMessage(err);
  return new SpendtrailError(
    "E_INPUT_UNREADABLE",
    `cannot read the LiteLLM database ${target.label}: cannot connect to PostgreSQL at ${target.host}:${target.port}: ${reason}`,
    { cause: err },
  );
}

/** A query that failed once connected (connection lost, permission denied, a timeout). */
export function queryError(target: PgTarget, what: string, err: unknown): SpendtrailError {
  const code = codeOf(err);
  const hint = code === "42501" ? " (the user needs SELECT on LiteLLM's tables)" : "";
  return new SpendtrailError(
    "E_INPUT_UNREADABLE",
    `cannot read the LiteLLM database ${target.label}: ${what} failed: ${errorMessage(err)}${hint}`,
    { cause: err },
  );
}
