import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import type { ReadInput } from "../formats/reader.js";

/** Where ingest stands, for a progress display. */
export interface IngestProgress {
  file: string;
  /** 0-based position of `file` among the files of the run. */
  fileIndex: number;
  fileCount: number;
  /** Decompressed bytes the reader has consumed so far (approximate for line readers). */
  bytes: number;
  /** Size of the file when its bytes are read as they are; null for compressed files. */
  totalBytes: number | null;
  /** True on the last event for this file. */
  done: boolean;
}

/** Bytes between two progress events for one file. */
export const PROGRESS_STEP_BYTES = 4 * 1024 * 1024;

/**
 * Wraps an input so the bytes its reader consumes are reported, at most once per
 * PROGRESS_STEP_BYTES. Readers that let the engine read the file itself report nothing
 * until the file is done; the caller sends the start and end events.
 */
export function withProgress(input: ReadInput, report: (bytes: number) => void): ReadInput {
  let bytes = 0;
  let reported = 0;
  const advance = (n: number): void => {
    bytes += n;
    if (bytes - reported < PROGRESS_STEP_BYTES) return;
    reported = bytes;
    report(bytes);
  };
  return {
    file: input.file,
    local: input.local,
    sample: input.sample,
    stream: () => counted(input.stream(), advance),
    lines: () => countedLines(input.lines(), advance),
  };
}

function counted(source: Readable, advance: (n: number) => void): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      advance(chunk.length);
      done(null, chunk);
    },
  });
  // pipe() does not forward errors: a gzip that ends early must still reach the reader.
  source.on("error", (err) => counter.destroy(err));
  counter.on("close", () => source.destroy());
  return source.pipe(counter);
}

async function* countedLines(
  lines: AsyncIterable<{ text: string; lineNo: number }>,
  advance: (n: number) => void,
): AsyncIterable<{ text: string; lineNo: number }> {
  for await (const line of lines) {
    // Characters, not UTF-8 bytes: close enough for a progress bar and far cheaper.
    advance(line.text.length + 1);
    yield line;
  }
}
