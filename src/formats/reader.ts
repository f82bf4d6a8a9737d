import type { Readable } from "node:stream";
import type { LocalFile } from "../engine/engine.js";
import type { AppLogRow, CaptureRow } from "../record/evidence.js";
import type { GatewayKeyRow, GatewayRow, GatewayTeamRow } from "../record/gateway.js";
import type { ProviderUsageRow } from "../record/provider-usage.js";
import type { SpanRow } from "../record/span.js";

/** The first bytes of an input, decompressed, for content sniffing. */
export interface Sample {
  /** File name, as a weak hint only: detection is by content. */
  name: string;
  head: Uint8Array;
  /** `head` as UTF-8 text, BOM removed (may end mid-character or mid-line). */
  text: string;
  /** True when `head` holds the whole (decompressed) input. */
  complete: boolean;
}

/** One input file, opened: decompression is already transparent here. */
export interface ReadInput {
  /** The path as the user gave it; every issue names it. */
  file: string;
  /** For readers that let the engine parse the file itself. */
  local: LocalFile;
  sample: Sample;
  /** Decompressed bytes. A gzip that ends early makes the stream error. */
  stream(): Readable;
  /** Decompressed lines with 1-based numbers (a trailing `\r` removed). */
  lines(): AsyncIterable<{ text: string; lineNo: number }>;
}

export const ISSUE_CODES = [
  "bad_json",
  "bad_record",
  "bad_value",
  "bad_protobuf",
  "bad_csv",
  "missing_column",
  "truncated",
  "empty",
  "unknown_format",
  "unreadable",
  // A record of a known format that is not an LLM call (a HAR entry for a web page): not an error.
  "not_llm",
  // Provider usage exports: a bucket given twice, or pages of another organisation.
  "overlapping_page",
  "scope_mismatch",
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** A record (or a whole file) that could not be used, with where and why. */
export interface ReadIssue {
  file: string;
  /** 1-based line or record number, null when it concerns the whole file. */
  line: number | null;
  code: IssueCode;
  message: string;
}

export interface ReadCounts {
  /** Records seen, good or bad (spans for trace formats, rows for logs and tables). */
  read: number;
  /** Records that could not be used; each one has an issue. */
  skipped: number;
}

/**
 * Where readers put what they read. Implemented by the ingest stage over an engine;
 * a test can implement it with arrays.
 */
export interface RecordSink {
  spans(rows: readonly SpanRow[]): Promise<void>;
  gatewayRows(rows: readonly GatewayRow[]): Promise<void>;
  gatewayKeys(rows: readonly GatewayKeyRow[]): Promise<void>;
  gatewayTeams(rows: readonly GatewayTeamRow[]): Promise<void>;
  /** Structured app log lines (`app_logs`). */
  appLogs(rows: readonly AppLogRow[]): Promise<void>;
  /** LLM calls seen in proxy captures (`captures`). */
  captures(rows: readonly CaptureRow[]): Promise<void>;
  /** Provider usage and cost report rows (`provider_usage`). */
  providerUsage(rows: readonly ProviderUsageRow[]): Promise<void>;
  /**
   * OTLP/JSON mapped by the engine itself (one SQL mapping for every OTLP/JSON shape):
   * either each line of a local file is a document (Collector file exporter), or whole
   * documents given as text. Bad documents come back as issues, counted in `skipped`.
   */
  otlpJson(source: { lines: LocalFile } | { documents: readonly OtlpDocument[] }): Promise<ReadCounts>;
  issue(issue: ReadIssue): void;
}

export interface OtlpDocument {
  /** Line or record number the document starts at (for issues). */
  line: number;
  text: string;
}

export const RECORD_KINDS = [
  "spans",
  "gateway_rows",
  "gateway_keys",
  "gateway_teams",
  "app_logs",
  "captures",
  "provider_usage",
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** One input format. Adding a format is one file plus one line in `registry.ts`. */
export interface FormatReader {
  readonly id: string;
  readonly description: string;
  readonly produces: RecordKind;
  /** 0 when the sample is not this format; otherwise a confidence, highest wins (1-100). */
  detect(sample: Sample): number;
  read(input: ReadInput, sink: RecordSink): Promise<ReadCounts>;
}
