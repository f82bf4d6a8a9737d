/** A row to print: column name -> value (strings, numbers, booleans, null, maps). */
export type Row = Readonly<Record<string, unknown>>;

/** Widest cell a terminal table shows before cutting it with "…". */
export const MAX_CELL_WIDTH = 40;

/** Text of a value for people: null -> "-", objects as JSON. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return JSON.stringify(value);
}

export interface TableOptions {
  /** Cells longer than this are cut with "…". Default MAX_CELL_WIDTH. */
  maxCellWidth?: number;
  /** Right-aligned columns. Default: those holding numbers and nothing else but nulls. */
  numeric?: readonly string[];
}

/** An aligned plain-text table: a header, then one line per row; numbers right-aligned. */
export function renderTable(
  rows: readonly Row[],
  columns: readonly string[] = columnsOf(rows),
  options: TableOptions = {},
): string {
  const maxCellWidth = options.maxCellWidth ?? MAX_CELL_WIDTH;
  const cells = rows.map((row) => columns.map((c) => clip(displayValue(row[c]), maxCellWidth)));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const numeric = columns.map((c) => options.numeric?.includes(c) ?? isNumericColumn(rows, c));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return `${[line(columns), ...cells.map(line)].join("\n")}\n`;
}

/** RFC 4180 CSV with a header line; null is an empty cell, objects are JSON text. */
export function renderCsv(rows: readonly Row[], columns: readonly string[] = columnsOf(rows)): string {
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(csvValue(row[c]))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** Quotes a CSV field when it holds a comma, quote, line break or edge space; doubles inner quotes. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A JSON array, one element per line, for piping into jq or a file. */
export function renderJson(rows: readonly Row[]): string {
  if (rows.length === 0) return "[]\n";
  return `[\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(",\n")}\n]\n`;
}

function csvValue(value: unknown): string {
  return value === null || value === undefined ? "" : displayValue(value);
}

function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function clip(text: string, width: number): string {
  const flat = text.replace(/[\r\n\t]+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function isNumericColumn(rows: readonly Row[], column: string): boolean {
  const values = rows.map((r) => r[column]);
  return (
    values.some((v) => typeof v === "number") &&
    values.every((v) => v === null || v === undefined || typeof v === "number")
  );
}
