import type { IdentityContract } from "../contract/index.js";
import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import type { GatewayMapping } from "../formats/gateway/mapping.js";
import { genericGatewayReader } from "../formats/generic-gateway.js";
import type { FormatReader, ReadInput, ReadIssue } from "../formats/reader.js";
import { detectFormat } from "../formats/registry.js";
import { mergedCallsSql, type NormaliseCounts, normaliseNewCalls } from "../normalise/index.js";
import { type FileRead, readFile } from "./file.js";
import { expandPaths } from "./paths.js";
import type { IngestProgress } from "./progress.js";

export type { IngestProgress } from "./progress.js";

export interface IngestOptions {
  /** Which keys carry tenant/team/workload (DEFAULT_CONTRACT or a user file). */
  contract: IdentityContract;
  /** Keep prompt/completion attributes on spans. Default false: they are dropped on read. */
  keepContent?: boolean;
  /**
   * Column mapping for gateway logs in a layout no reader knows (`--map FILE`). A file with the
   * mapped columns is read through it; a file no reader claims is too, so its issues name the
   * mapped columns that are missing.
   */
  mapping?: GatewayMapping;
  onProgress?: (progress: IngestProgress) => void;
}

/** What one input file gave. */
export interface FileSummary extends FileRead {
  /** Rows this file added to `llm_calls`: one per LLM span, gateway row or captured call. */
  calls: number;
  spanCalls: number;
  gatewayCalls: number;
}

export interface IngestTotals {
  files: number;
  read: number;
  /** Records read and not skipped: what the run could use. */
  used: number;
  skipped: number;
  /** Rows added to `llm_calls`: one per LLM span and one per gateway row (a call can have several). */
  calls: number;
  spanCalls: number;
  gatewayCalls: number;
  issues: number;
  /** Distinct calls in the whole database after this run (spans and rows of one call merged). */
  callsInDatabase: number;
}

export interface IngestSummary {
  files: FileSummary[];
  totals: IngestTotals;
}

/**
 * Reads files and directories into the engine and normalises what they hold into calls.
 * Directories are read recursively in name order, hidden entries skipped. Bad input never
 * throws: each problem is an issue of its file and the run goes on; only engine failures
 * propagate.
 */
export async function ingestFiles(
  engine: Engine,
  paths: readonly string[],
  options: IngestOptions,
): Promise<IngestSummary> {
  const { files, missing } = await expandPaths(paths);
  const summaries: FileSummary[] = missing.map(({ path, reason }) => missingFile(path, reason));
  for (const [index, path] of files.entries()) {
    const read = await readOne(engine, path, index, files.length, options);
    // Normalising after each file is what attributes calls to files (otel_traces has no file column).
    const made =
      read.format === null
        ? NO_CALLS
        : await normaliseNewCalls(engine, options.contract, { format: read.format, file: path });
    summaries.push({
      ...read,
      calls: made.span + made.gateway + made.capture,
      spanCalls: made.span,
      gatewayCalls: made.gateway,
    });
  }
  return {
    files: summaries,
    totals: { ...totalsOf(summaries), callsInDatabase: await countMergedCalls(engine) },
  };
}

/** Calls as a person counts them, after merging spans and gateway rows of the same call. */
async function countMergedCalls(engine: Engine): Promise<number> {
  const merged = mergedCallsSql();
  const [row] = await engine.query<{ n: number }>(
    sql(`SELECT count() AS n FROM (${merged.text})`, merged.params),
  );
  return Number(row?.n ?? 0);
}

const NO_CALLS: NormaliseCounts = { span: 0, gateway: 0, capture: 0 };

function readOne(
  engine: Engine,
  path: string,
  fileIndex: number,
  fileCount: number,
  options: IngestOptions,
): Promise<FileRead> {
  const progress = (bytes: number, totalBytes: number | null, done: boolean): void =>
    options.onProgress?.({ file: path, fileIndex, fileCount, bytes, totalBytes, done });
  progress(0, null, false);
  const mapped = options.mapping === undefined ? null : genericGatewayReader(options.mapping);
  return readFile(engine, path, {
    keepContent: options.keepContent ?? false,
    choose: (input: ReadInput) => choose(input, mapped),
    onBytes: (bytes, total) => progress(bytes, total, false),
  }).then((read) => {
    progress(0, null, true);
    return read;
  });
}

function choose(input: ReadInput, mapped: FormatReader | null): FormatReader | null {
  if (mapped !== null && mapped.detect(input.sample) > 0) return mapped;
  return detectFormat(input.sample) ?? mapped;
}

function missingFile(path: string, reason: string): FileSummary {
  const issue: ReadIssue = { file: path, line: null, code: "unreadable", message: `cannot read: ${reason}` };
  return { path, format: null, read: 0, skipped: 0, issues: [issue], issueCount: 1, ...NO_CALL_COUNTS };
}

const NO_CALL_COUNTS = { calls: 0, spanCalls: 0, gatewayCalls: 0 } as const;

function totalsOf(files: readonly FileSummary[]): Omit<IngestTotals, "callsInDatabase"> {
  const sum = (pick: (f: FileSummary) => number): number => files.reduce((n, f) => n + pick(f), 0);
  const read = sum((f) => f.read);
  const skipped = sum((f) => f.skipped);
  return {
    files: files.length,
    read,
    used: read - skipped,
    skipped,
    calls: sum((f) => f.calls),
    spanCalls: sum((f) => f.spanCalls),
    gatewayCalls: sum((f) => f.gatewayCalls),
    issues: sum((f) => f.issueCount),
  };
}
