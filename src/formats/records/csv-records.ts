import type { Readable } from "node:stream";
import { type CsvError, parse } from "csv-parse";
import type { RecordEvent } from "./read-records.js";

interface CsvRow {
  record: string[];
  info: { lines: number };
}

/**
 * Streams a CSV file with a header row (psql `\copy ... CSV HEADER`, spreadsheet exports):
 * each row becomes a field map keyed by the header's names, values as text (an empty cell
 * is psql's NULL). Rows that do not parse (wrong column count, unclosed quote) become `bad`
 * events and the rest is read on. Line numbers are the line a row ends on.
 */
export async function* readCsvRecords(
  bytes: Readable,
  checkHeader?: (columns: readonly string[]) => string | null,
): AsyncGenerator<RecordEvent> {
  const skipped: RecordEvent[] = [];
  const parser = bytes.pipe(
    parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined) => {
        const line = Number((err as { lines?: number } | undefined)?.lines ?? 0);
        skipped.push({
          kind: "bad",
          line,
          code: "bad_csv",
          message: `CSV row not readable: ${err?.message}`,
        });
      },
    }),
  );
  bytes.on("error", (err) => parser.destroy(err));
  let columns: string[] | null = null;
  for await (const row of parser as AsyncIterable<CsvRow>) {
    yield* skipped.splice(0);
    if (columns === null) {
      columns = row.record.map((name) => name.trim());
      const problem = checkHeader?.(columns) ?? null;
      if (problem !== null) {
        yield { kind: "file", code: "missing_column", message: problem };
        parser.destroy();
        bytes.destroy();
        return;
      }
      continue;
    }
    yield { kind: "record", line: row.info.lines, fields: fieldsOf(columns, row.record) };
  }
  yield* skipped.splice(0);
}

function fieldsOf(columns: readonly string[], values: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  columns.forEach((name, i) => {
    fields[name] = values[i] ?? "";
  });
  return fields;
}
