import { errorMessage } from "../../errors.js";
import type { GatewayRow } from "../../record/gateway.js";
import type { FormatReader, IssueCode, ReadCounts, ReadInput, RecordSink, Sample } from "../reader.js";
import { type RecordOptions, readRecords } from "../records/read-records.js";

/** Thrown by a row mapper to skip one record with an issue (caught by `readRows`). */
export class SkipRecord extends Error {
  readonly code: IssueCode;
  constructor(code: IssueCode, message: string) {
    super(message);
    this.name = "SkipRecord";
    this.code = code;
  }
}

/** Where a record came from, and how a mapper reports a bad optional value (row kept). */
export interface RowContext {
  file: string;
  line: number;
  /** A bad optional value: a `bad_value` issue is recorded and the field is left null. */
  warn(message: string): void;
}

/** Maps one record's fields to a row; throws `SkipRecord` to skip it. */
export type RowMapper<R> = (fields: Record<string, unknown>, ctx: RowContext) => R;

export interface ReadRowsOptions<R> extends RecordOptions {
  map: RowMapper<R>;
  emit: (rows: R[]) => Promise<void>;
  /** Rows per sink call (default 1000). */
  batchSize?: number;
}

/**
 * The loop every gateway/table reader shares: records in, mapped rows out in batches,
 * each bad record one issue and one `skipped`; never throws for bad input.
 */
export async function readRows<R>(
  input: ReadInput,
  sink: RecordSink,
  options: ReadRowsOptions<R>,
): Promise<ReadCounts> {
  const counts: ReadCounts = { read: 0, skipped: 0 };
  const batchSize = options.batchSize ?? 1000;
  const file = input.file;
  let batch: R[] = [];
  for await (const event of readRecords(input, options)) {
    if (event.kind === "file") {
      sink.issue({ file, line: null, code: event.code, message: event.message });
      continue;
    }
    counts.read += 1;
    if (event.kind === "bad") {
      counts.skipped += 1;
      sink.issue({ file, line: event.line, code: event.code, message: event.message });
      continue;
    }
    const line = event.line;
    const warn = (message: string): void => sink.issue({ file, line, code: "bad_value", message });
    try {
      batch.push(options.map(event.fields, { file, line, warn }));
    } catch (err) {
      counts.skipped += 1;
      const code = err instanceof SkipRecord ? err.code : "bad_record";
      sink.issue({ file, line, code, message: errorMessage(err) });
    }
    if (batch.length >= batchSize) {
      await options.emit(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await options.emit(batch);
  return counts;
}

/** What one gateway request-log format adds to the shared reader: its id, detection and row mapper. */
export interface GatewayRowFormat extends RecordOptions {
  id: string;
  description: string;
  detect(sample: Sample): number;
  map: RowMapper<GatewayRow>;
}

/** A reader of gateway request logs: `readRows` with the format's mapper, rows to `sink.gatewayRows`. */
export function gatewayRowReader(format: GatewayRowFormat): FormatReader {
  const { id, description, detect, map, ...records } = format;
  return {
    id,
    description,
    produces: "gateway_rows",
    detect,
    read: (input, sink) => readRows(input, sink, { ...records, map, emit: (rows) => sink.gatewayRows(rows) }),
  };
}

/** The provenance columns every gateway row starts with. */
export function rowOrigin(
  format: string,
  ctx: RowContext,
): Pick<GatewayRow, "source_format" | "source_file" | "source_line"> {
  return { source_format: format, source_file: ctx.file, source_line: ctx.line };
}
