import { SpendtrailError } from "../errors.js";
import type { ReadIssue } from "../formats/reader.js";
import type { TableSpec } from "./litellm-tables.js";
import type { PgTarget } from "./pg-url.js";

/** Runs one parameterised query (`$1`...) and returns its rows. */
export type PgQuery = (text: string, values: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/** The columns each table has, and notes about later columns this database predates. */
export interface TableColumns {
  present: Map<string, Set<string>>;
  notes: ReadIssue[];
}

/** The schema holding LiteLLM's tables: the URL's `schema`, else the connection's current one. */
export async function resolveSchema(query: PgQuery, target: PgTarget): Promise<string> {
  if (target.schema !== null) return target.schema;
  const [row] = await query("SELECT current_schema() AS schema", []);
  return typeof row?.schema === "string" ? row.schema : "public";
}

/**
 * Checks that every table and every baseline column is there before anything is read.
 * A missing table or baseline column is an error naming it; a missing later column is a note
 * naming the LiteLLM migration that adds it (its values are then unknown).
 */
export async function checkTables(
  query: PgQuery,
  target: PgTarget,
  schema: string,
  specs: readonly TableSpec<unknown>[],
  labelOf: (table: string) => string,
): Promise<TableColumns> {
  const rows = await query(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = ANY($2::text[])",
    [schema, specs.map((s) => s.table)],
  );
  const present = new Map<string, Set<string>>();
  for (const r of rows) {
    const table = String(r.table_name);
    const columns = present.get(table) ?? new Set<string>();
    columns.add(String(r.column_name));
    present.set(table, columns);
  }
  const absent = specs.filter((s) => !present.has(s.table)).map((s) => s.table);
  if (absent.length > 0) throw missingTables(target, schema, absent);
  const notes: ReadIssue[] = [];
  for (const spec of specs) {
    const columns = present.get(spec.table) ?? new Set<string>();
    const missing = spec.required.filter((c) => !columns.has(c));
    if (missing.length > 0) throw missingColumns(target, schema, spec.table, missing);
    for (const later of spec.later) {
      if (columns.has(later.name) || later.migration === null) continue;
      notes.push({
        file: labelOf(spec.table),
        line: null,
        code: "missing_column",
        message: `column "${later.name}" of "${spec.table}" is missing: LiteLLM adds it in migration ${later.migration}; this database predates it, so its values are unknown (upgrade LiteLLM to have them)`,
      });
    }
  }
  return { present, notes };
}

function missingTables(target: PgTarget, schema: string, tables: readonly string[]): SpendtrailError {
  const names = tables.map((t) => `"${t}"`).join(", ");
  return new SpendtrailError(
    "E_INPUT_UNREADABLE",
    `${target.label}: table(s) ${names} not found in schema "${schema}"; expected a LiteLLM proxy database (LiteLLM creates them in its first migration); if LiteLLM uses another schema, add ?schema=NAME to the URL`,
  );
}

function missingColumns(
  target: PgTarget,
  schema: string,
  table: string,
  columns: readonly string[],
): SpendtrailError {
  const names = columns.map((c) => `"${c}"`).join(", ");
  return new SpendtrailError(
    "E_INPUT_UNREADABLE",
    `${target.label}: "${schema}"."${table}" lacks column(s) ${names}, which every LiteLLM version since its 2025-03 baseline migration (20250326162113_baseline) has; is this LiteLLM's database, and fully migrated?`,
  );
}
