import type {
  ProviderUsageRow,
  UsageFormat,
  UsageProvider,
  UsageReport,
} from "../../record/provider-usage.js";
import { isRecord } from "../json-input.js";
import type { ReadCounts, ReadInput, RecordSink } from "../reader.js";
import { timeOf } from "../records/time.js";
import { type ReportPage, readPages, scopeOf } from "./pages.js";

/** What one result gives: the measures and grouping fields of a `ProviderUsageRow`. */
export type ResultFields = Omit<
  ProviderUsageRow,
  | "provider"
  | "report"
  | "source_format"
  | "source_file"
  | "source_line"
  | "bucket_start"
  | "bucket_end"
  | "day"
  | "bucket_only"
  | "organization_id"
>;

/** A result turned into fields, or what was expected instead. */
export type MappedResult = { ok: true; fields: ResultFields } | { ok: false; expected: string };

/** One provider report: where its buckets say their bounds, and how a result maps. */
export interface ReportFormat {
  id: UsageFormat;
  provider: UsageProvider;
  report: UsageReport;
  /** Bucket keys of the bound times (`start_time`/`end_time` epoch seconds, `starting_at`/`ending_at` RFC 3339). */
  startKey: string;
  endKey: string;
  mapResult(result: Record<string, unknown>): MappedResult;
}

/** Result fields all null: the base every mapper fills in. */
export const NO_FIELDS: ResultFields = {
  project_id: null,
  workspace_id: null,
  api_key_id: null,
  model: null,
  service_tier: null,
  batch: null,
  uncached_input_tokens: null,
  cache_read_tokens: null,
  cache_write_tokens: null,
  output_tokens: null,
  requests: null,
  cost_usd: null,
  cost_type: null,
  line_item: null,
};

interface Seen {
  where: string;
  results: string;
}

class ReportRead {
  readonly rows: ProviderUsageRow[] = [];
  /** Same bucket, other results: the file mixes two exports. */
  readonly conflicts: string[] = [];
  read = 0;
  skipped = 0;
  readonly #seen = new Map<string, Seen>();

  constructor(
    readonly input: ReadInput,
    readonly sink: RecordSink,
    readonly format: ReportFormat,
    readonly organization: string | null,
  ) {}

  bucket(page: ReportPage, bucket: unknown, index: number): void {
    const where = `${page.where}, bucket ${index + 1}`;
    const bounds = isRecord(bucket) ? boundsOf(bucket, this.format) : null;
    if (!isRecord(bucket) || bounds === null || !Array.isArray(bucket.results)) {
      const { startKey, endKey } = this.format;
      this.bad(page, `${where}: expected a bucket {${startKey}, ${endKey}, results: [...]}`);
      return;
    }
    const results = bucket.results;
    const records = Math.max(1, results.length);
    const key = `${bounds.start}|${bounds.end}`;
    const text = JSON.stringify(results);
    const seen = this.#seen.get(key);
    if (seen !== undefined) {
      this.read += records;
      this.skipped += records;
      if (seen.results === text) this.#duplicate(page, where, bounds.start, seen);
      else
        this.conflicts.push(
          `${where} gives other results for the bucket starting ${bounds.start} UTC than ${seen.where}`,
        );
      return;
    }
    this.#seen.set(key, { where, results: text });
    if (results.length === 0) {
      this.read += 1;
      this.rows.push({ ...this.#base(page, bounds, true), ...NO_FIELDS });
      return;
    }
    for (const [i, result] of results.entries())
      this.#result(page, bounds, result, `${where}, result ${i + 1}`);
  }

  bad(page: ReportPage, message: string): void {
    this.read += 1;
    this.skipped += 1;
    this.sink.issue({ file: this.input.file, line: page.number, code: "bad_record", message });
  }

  #result(page: ReportPage, bounds: Bounds, result: unknown, where: string): void {
    const mapped: MappedResult = isRecord(result)
      ? this.format.mapResult(result)
      : { ok: false, expected: "a result object" };
    if (!mapped.ok) {
      this.read += 1;
      this.skipped += 1;
      this.sink.issue({
        file: this.input.file,
        line: page.number,
        code: "bad_value",
        message: `${where}: expected ${mapped.expected}`,
      });
      return;
    }
    this.read += 1;
    this.rows.push({ ...this.#base(page, bounds, false), ...mapped.fields });
  }

  #duplicate(page: ReportPage, where: string, start: string, seen: Seen): void {
    const message = `${where} repeats the bucket starting ${start} UTC already read from ${seen.where} (overlapping pages); counted once`;
    this.sink.issue({ file: this.input.file, line: page.number, code: "overlapping_page", message });
  }

  #base(page: ReportPage, bounds: Bounds, bucketOnly: boolean) {
    return {
      provider: this.format.provider,
      report: this.format.report,
      source_format: this.format.id,
      source_file: this.input.file,
      source_line: page.number,
      bucket_start: bounds.start,
      bucket_end: bounds.end,
      day: bounds.start.slice(0, 10),
      bucket_only: bucketOnly,
      organization_id: this.organization,
    };
  }
}

interface Bounds {
  start: string;
  end: string;
}

function boundsOf(bucket: Record<string, unknown>, format: ReportFormat): Bounds | null {
  const start = timeOf(bucket[format.startKey]);
  const end = timeOf(bucket[format.endKey]);
  if (!start.ok || !end.ok || start.value === null || end.value === null) return null;
  const bounds = { start: start.value.slice(0, 19), end: end.value.slice(0, 19) };
  return bounds.end > bounds.start ? bounds : null;
}

/**
 * Reads a provider report export into `provider_usage` rows. A bucket given twice with the
 * same results (overlapping pages) is counted once and reported; a bucket given twice with
 * other results, or pages of two organisations, make the whole file unusable (nothing of it
 * is written). A last page with `has_more: true` is reported: the export is incomplete.
 */
export async function readReport(
  input: ReadInput,
  sink: RecordSink,
  format: ReportFormat,
): Promise<ReadCounts> {
  const { pages, bad } = await readPages(input, sink);
  const scope = scopeOf(pages);
  const state = new ReportRead(input, sink, format, scope.organization);
  for (const page of pages) {
    for (const [i, bucket] of (page.page.data as unknown[]).entries()) state.bucket(page, bucket, i);
  }
  const read = state.read + bad;
  if (scope.mismatch !== null) {
    sink.issue({ file: input.file, line: null, code: "scope_mismatch", message: scope.mismatch });
    return { read, skipped: read };
  }
  if (state.conflicts.length > 0) {
    const message = `${state.conflicts.join("; ")}: the file mixes two exports of the same time; nothing from it was used (export the window once)`;
    sink.issue({ file: input.file, line: null, code: "overlapping_page", message });
    return { read, skipped: read };
  }
  const last = pages.at(-1);
  if (last !== undefined && last.page.has_more === true) {
    const message = `${last.where} says has_more: true, so later buckets are missing; fetch the remaining pages (next_page) and add them to the file`;
    sink.issue({ file: input.file, line: last.number, code: "truncated", message });
  }
  if (state.rows.length > 0) await sink.providerUsage(state.rows);
  return { read, skipped: state.skipped + bad };
}
