import { type Sql, sql } from "../engine/sql.js";

/** A piece of SQL text: a bound fragment, or one of our own constants (never input). */
export type SqlPart = Sql | string | number;

function isSql(part: SqlPart): part is Sql {
  return typeof part === "object";
}

/**
 * Tagged template that glues SQL fragments together and merges their bound parameters.
 * Strings and numbers are spliced as text, so only pass our own constants (table names,
 * tolerances); values from input always travel inside an `Sql` as bound params.
 */
export function q(strings: TemplateStringsArray, ...parts: SqlPart[]): Sql {
  let text = strings[0] ?? "";
  const params: Record<string, unknown> = {};
  parts.forEach((part, i) => {
    if (isSql(part)) {
      text += part.text;
      mergeParams(params, part.params);
    } else {
      text += String(part);
    }
    text += strings[i + 1] ?? "";
  });
  return sql(text, params);
}

function mergeParams(into: Record<string, unknown>, from: Readonly<Record<string, unknown>>): void {
  for (const [name, value] of Object.entries(from)) {
    // Two fragments may share a parameter only when they bind the same value.
    if (name in into && JSON.stringify(into[name]) !== JSON.stringify(value)) {
      throw new Error(`SQL parameter {${name}} bound twice with different values`);
    }
    into[name] = value;
  }
}

/** Joins fragments with a separator (e.g. `,\n`). */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return (
    parts.reduce<Sql | null>((acc, part) => (acc === null ? part : q`${acc}${separator}${part}`), null) ??
    sql("")
  );
}

/** Replaces a table with the result of a SELECT (our working tables are rebuilt on every run). */
export function replaceTable(table: string, orderBy: string, select: Sql): Sql {
  return q`CREATE OR REPLACE TABLE ${table} ENGINE = MergeTree ORDER BY ${orderBy} AS ${select}`;
}
