import { stat } from "node:fs/promises";
import type { Engine } from "../engine/engine.js";
import { EngineError, errorMessage, SpendtrailError } from "../errors.js";
import type { FormatReader, ReadInput, ReadIssue } from "../formats/reader.js";
import { READERS } from "../formats/registry.js";
import { openInput } from "../formats/source.js";
import { describeSample } from "./describe.js";
import { fsReason } from "./paths.js";
import { withProgress } from "./progress.js";
import { EngineSink } from "./sink.js";

/** What reading one file gave, before normalisation. */
export interface FileRead {
  path: string;
  /** Reader id, or null when no reader took the file. */
  format: string | null;
  read: number;
  skipped: number;
  /** The first few issues (file, line, what was expected). */
  issues: ReadIssue[];
  issueCount: number;
}

export interface ReadFileOptions {
  keepContent: boolean;
  /** Chooses the reader from the sample; null when no reader claims it. */
  choose(input: ReadInput): FormatReader | null;
  /** Called with the bytes consumed so far and the file's size (null when compressed). */
  onBytes(bytes: number, totalBytes: number | null): void;
}

/**
 * Reads one file into the engine. Bad input (unreadable, empty, unknown format, a reader
 * failure) becomes an issue of this file; only engine failures propagate.
 */
export async function readFile(engine: Engine, path: string, options: ReadFileOptions): Promise<FileRead> {
  const sink = new EngineSink(engine, { file: path, format: "", keepContent: options.keepContent });
  const result: FileRead = { path, format: null, read: 0, skipped: 0, issues: [], issueCount: 0 };
  const input = await open(path, sink);
  if (input !== null) {
    const reader = options.choose(input);
    if (reader === null) sink.issue(unknownFormat(input));
    else {
      result.format = reader.id;
      sink.setFormat(reader.id);
      const total = input.local.compression === "none" ? await sizeOf(path) : null;
      const counted = withProgress(input, (bytes) => options.onBytes(bytes, total));
      Object.assign(result, await runReader(reader, counted, sink));
    }
  }
  await sink.flush();
  return { ...result, issues: [...sink.firstIssues], issueCount: sink.issueCount };
}

async function open(path: string, sink: EngineSink): Promise<ReadInput | null> {
  let input: ReadInput;
  try {
    input = await openInput(path);
  } catch (err) {
    sink.issue({
      file: path,
      line: null,
      code: "unreadable",
      message: `cannot read the file: ${fsReason(err)}`,
    });
    return null;
  }
  if (input.sample.head.length === 0) {
    const what = input.local.compression === "gzip" ? "the gzip holds no data" : "the file is empty";
    sink.issue({ file: path, line: null, code: "empty", message: `${what}; expected at least one record` });
    return null;
  }
  return input;
}

async function runReader(
  reader: FormatReader,
  input: ReadInput,
  sink: EngineSink,
): Promise<{ read: number; skipped: number }> {
  try {
    return await reader.read(input, sink);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    // Readers report bad records themselves; anything that still escapes ends this file only.
    sink.issue({
      file: input.file,
      line: null,
      code: failureCode(err),
      message: failureMessage(reader, err),
    });
    return { read: 0, skipped: 0 };
  }
}

function unknownFormat(input: ReadInput): ReadIssue {
  const ids = Object.keys(READERS).join(", ");
  return {
    file: input.file,
    line: null,
    code: "unknown_format",
    message: `not a format spendtrail reads: ${describeSample(input.sample)}; expected one of: ${ids} (a gateway log in another layout can be read with --map FILE)`,
  };
}

function failureCode(err: unknown): ReadIssue["code"] {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR" ? "truncated" : "unreadable";
}

function failureMessage(reader: FormatReader, err: unknown): string {
  if (failureCode(err) === "truncated") {
    return `the gzip stream ends early or is corrupt (${errorMessage(err)}); records before the break were kept`;
  }
  if (err instanceof SpendtrailError) return `reading as ${reader.id} failed: ${errorMessage(err)}`;
  // Readers turn bad records into issues themselves, so this is most likely our bug: say so.
  return `reading as ${reader.id} failed unexpectedly (${errorMessage(err)}); this is a bug in spendtrail, please report it`;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}
