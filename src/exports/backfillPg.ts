import type { IdentityContract } from "../contract/types.js";
import { type IdentityLayer, MISSING_VALUES } from "../record/identity.js";
import type { BackfillRow } from "./backfill.js";

/**
 * The back-fill as PostgreSQL statements for LiteLLM's `"LiteLLM_SpendLogs"`: one UPDATE per
 * (row, target), each matching one `request_id` and only while the target is still empty
 * (NULL or a MISSING_VALUES text), so a value set since the audit is never overwritten and
 * running the file twice changes nothing more. All in one transaction.
 */

/** Readers whose rows are `LiteLLM_SpendLogs` rows (same `request_id`). */
export const LITELLM_FORMATS: ReadonlySet<string> = new Set([
  "litellm-spendlogs",
  "litellm-payload",
  "litellm-postgres",
]);

/** Where a layer's value goes: a column of the table, or a key of `metadata.spend_logs_metadata`. */
export type BackfillTarget = { column: string } | { metadataKey: string };

/**
 * The targets of each layer: team -> `team_id`; tenant -> `end_user` (LiteLLM's customer id)
 * and the contract's first tenant key in `spend_logs_metadata`; workload -> the contract's
 * first workload key there (`workflow_id` by default). The default contract reads all of them back.
 */
export function backfillTargets(contract: IdentityContract): Record<IdentityLayer, BackfillTarget[]> {
  const key = (layer: IdentityLayer, fallback: string): string => contract.keys[layer][0] ?? fallback;
  return {
    tenant: [{ column: "end_user" }, { metadataKey: key("tenant", "tenant_id") }],
    team: [{ column: "team_id" }],
    workload: [{ metadataKey: key("workload", "workflow_id") }],
  };
}

/**
 * A string literal that means `text` whatever the session's settings: single quotes doubled,
 * backslashes and any Unicode left as they are (standard_conforming_strings is set on in the
 * same transaction), so no E'' strings are needed. NUL cannot be stored in PostgreSQL text.
 */
export function pgLiteral(text: string): string {
  if (text.includes("\u0000")) throw new Error("a PostgreSQL text value cannot hold a NUL character");
  return `'${text.replaceAll("'", "''")}'`;
}

/** A quoted identifier (`"LiteLLM_SpendLogs"`). */
function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const EMPTY = `(${MISSING_VALUES.map(pgLiteral).join(", ")})`;
const SLM = `"metadata"->'spend_logs_metadata'`;

function isEmpty(expr: string): string {
  return `coalesce(lower(btrim(${expr})), '') IN ${EMPTY}`;
}

function setColumn(table: string, column: string, value: string, requestId: string): string {
  const c = ident(column);
  return `UPDATE ${table} SET ${c} = ${pgLiteral(value)} WHERE "request_id" = ${pgLiteral(requestId)} AND ${isEmpty(c)};`;
}

/** `||` merge into `metadata.spend_logs_metadata` (made an object when absent); JSON built by PostgreSQL. */
function setMetadata(table: string, key: string, value: string, requestId: string): string {
  const k = pgLiteral(key);
  const base = `CASE WHEN jsonb_typeof("metadata") = 'object' THEN "metadata" ELSE '{}'::jsonb END`;
  const slm = `CASE WHEN jsonb_typeof(${SLM}) = 'object' THEN ${SLM} ELSE '{}'::jsonb END`;
  const merged = `${slm} || jsonb_build_object(${k}, ${pgLiteral(value)}::text)`;
  return (
    `UPDATE ${table} SET "metadata" = jsonb_set(${base}, '{spend_logs_metadata}', ${merged}) ` +
    `WHERE "request_id" = ${pgLiteral(requestId)} AND coalesce(jsonb_typeof(${SLM}), 'null') IN ('object', 'null') ` +
    `AND ${isEmpty(`${SLM}->>${k}`)};`
  );
}

export interface BackfillSqlOptions {
  contract: IdentityContract;
  /** Table name, schema-qualified if needed (default `"LiteLLM_SpendLogs"`). */
  table?: string;
  /** Header comment lines (our own text: never values from input). */
  header?: readonly string[];
}

/** The SQL text, and the rows it leaves out. */
export interface BackfillScript {
  sql: string;
  /** UPDATE statements in `sql`. */
  statements: number;
  /** Rows of other gateways (no `LiteLLM_SpendLogs` row to update). */
  otherGateways: number;
  /** Rows whose value holds a NUL character, which PostgreSQL text cannot store. */
  unstorable: number;
}

/** The statements for the LiteLLM rows of the back-fill. */
export function backfillPostgres(rows: readonly BackfillRow[], options: BackfillSqlOptions): BackfillScript {
  const table = options.table ?? ident("LiteLLM_SpendLogs");
  const targets = backfillTargets(options.contract);
  const statements: string[] = [];
  let otherGateways = 0;
  let unstorable = 0;
  for (const row of rows) {
    if (!LITELLM_FORMATS.has(row.sourceFormat)) otherGateways += 1;
    else if (`${row.value}${row.requestId}`.includes("\u0000")) unstorable += 1;
    else for (const target of targets[row.layer]) statements.push(update(table, target, row));
  }
  const header = (options.header ?? []).map((line) => `-- ${line.replace(/[\r\n]+/g, " ")}`);
  const text = [
    ...header,
    "BEGIN;",
    "SET LOCAL standard_conforming_strings = on;",
    ...statements,
    "COMMIT;",
    "",
  ];
  return { sql: text.join("\n"), statements: statements.length, otherGateways, unstorable };
}

function update(table: string, target: BackfillTarget, row: BackfillRow): string {
  return "column" in target
    ? setColumn(table, target.column, row.value, row.requestId)
    : setMetadata(table, target.metadataKey, row.value, row.requestId);
}
