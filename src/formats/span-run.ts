import type { SpanRow } from "../record/span.js";
import type { SpanReaderOptions } from "./attributes.js";
import type { IssueCode, ReadCounts, RecordSink } from "./reader.js";
import { type SpanDraft, toSpanRow } from "./span-draft.js";

/** Rows are handed to the sink in batches of this many. */
export const SPAN_BATCH_SIZE = 1000;

/**
 * One reader's pass over one file: counts records, turns drafts into rows in batches, and
 * reports bad records as issues naming the file and the record number.
 */
export class SpanReadRun {
  readonly counts: ReadCounts = { read: 0, skipped: 0 };
  private rows: SpanRow[] = [];

  constructor(
    readonly file: string,
    private readonly sink: RecordSink,
    private readonly options: SpanReaderOptions,
  ) {}

  /** A record that became a span. */
  async accept(draft: SpanDraft): Promise<void> {
    this.counts.read += 1;
    this.rows.push(toSpanRow(draft, this.options));
    if (this.rows.length >= SPAN_BATCH_SIZE) await this.flush();
  }

  /** A record that could not be used: counted as read and skipped, with an issue. */
  reject(record: number, code: IssueCode, message: string): void {
    this.counts.read += 1;
    this.counts.skipped += 1;
    this.sink.issue({ file: this.file, line: record, code, message });
  }

  /** Something odd in a record that was still used (a value kept as text, an event dropped). */
  warn(record: number | null, code: IssueCode, message: string): void {
    this.sink.issue({ file: this.file, line: record, code, message });
  }

  /** Hands the last rows to the sink; returns the counts. */
  async finish(): Promise<ReadCounts> {
    await this.flush();
    return this.counts;
  }

  private async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.sink.spans(rows);
  }
}

/** A short, safe rendering of a bad input value for an issue message. */
export function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
