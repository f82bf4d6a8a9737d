/**
 * A statement with its bound parameters. Values from input are always bound
 * (`{name:Type}` placeholders, ClickHouse server-side binding), never spliced in.
 */
export interface Sql {
  readonly text: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export function sql(text: string, params: Record<string, unknown> = {}): Sql {
  return { text, params };
}

/** Splits a `.sql` file into statements at lines holding only `-- ;`. */
export function splitStatements(file: string): string[] {
  return file
    .split(/^-- ;$/m)
    .map((s) => s.trim())
    .filter((s) => s.replace(/^--.*$/gm, "").trim().length > 0);
}
