import { selectItems, type TableSpec } from "./litellm-tables.js";
import { quoteIdent } from "./pg-url.js";

/** Where and how much to read: the schema, the columns it has, the window, rows per page. */
export interface Paging {
  schema: string;
  present: Map<string, Set<string>>;
  window: readonly [Date, Date];
  size: number;
}

/** Naive UTC text, as LiteLLM stores `timestamp(3)` values. */
function pgTime(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

/** One keyset page: the window, then rows after the cursor (the last row's order columns). */
export function pageQuery(
  spec: TableSpec<unknown>,
  paging: Paging,
  cursor: readonly string[] | null,
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown, cast: string): string => {
    values.push(value);
    return `$${values.length}::${cast}`;
  };
  const castOf = (column: string): string => (column === spec.window ? "timestamp" : "text");
  if (spec.window !== null) {
    const column = `t.${quoteIdent(spec.window)}`;
    where.push(`${column} >= ${param(pgTime(paging.window[0]), "timestamp")}`);
    where.push(`${column} < ${param(pgTime(paging.window[1]), "timestamp")}`);
  }
  // Qualified names: ORDER BY and the cursor compare the stored values, not the text the SELECT gives.
  const order = spec.order.map((c) => `t.${quoteIdent(c)}`);
  if (cursor !== null) {
    const bound = cursor.map((v, i) => param(v, castOf(spec.order[i] ?? "")));
    where.push(`(${order.join(", ")}) > (${bound.join(", ")})`);
  }
  const items = selectItems(spec, paging.present.get(spec.table) ?? new Set());
  const table = `${quoteIdent(paging.schema)}.${quoteIdent(spec.table)}`;
  const filter = where.length > 0 ? `\nWHERE ${where.join(" AND ")}` : "";
  const text = `SELECT ${items}\nFROM ${table} AS t${filter}\nORDER BY ${order.join(", ")}\nLIMIT ${paging.size}`;
  return { text, values };
}
