/**
 * Text the way PostgreSQL writes it: `\copy ... CSV HEADER` fields, jsonb output,
 * timestamp(3) and double precision. The demo's exports must look like a real psql dump.
 */

export type PgValue = string | number | null;

/** One CSV field: NULL is an empty unquoted field, an empty string is `""`. */
export function csvField(value: PgValue): string {
  if (value === null) return "";
  const text = String(value);
  if (text === "" || /[",\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

export function csvLine(values: readonly PgValue[]): string {
  return `${values.map(csvField).join(",")}\n`;
}

/** A whole CSV file: header line, then one line per row. */
export function csvFile(columns: readonly string[], rows: readonly (readonly PgValue[])[]): string {
  return csvLine(columns) + rows.map(csvLine).join("");
}

/** jsonb output: object keys ordered by length then bytes, `", "` and `": "` separators. */
export function jsonb(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(jsonb).join(", ")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    const obj = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonb(obj[k])}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}

/** timestamp(3) without time zone, as psql prints it (trailing fractional zeros dropped). */
export function pgTimestamp(us: number): string {
  const ms = Math.round(us / 1000);
  const iso = new Date(ms).toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction === "" ? "" : `.${fraction}`}`;
}

/** double precision in PostgreSQL's shortest round-trip form (exponent below 1e-4). */
export function pgFloat(value: number): string {
  if (value === 0) return "0";
  if (Math.abs(value) >= 1e-4) return String(value);
  const [mantissa, exponent = "0"] = value.toExponential().split("e");
  const sign = exponent.startsWith("-") ? "-" : "+";
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, "").padStart(2, "0")}`;
}
