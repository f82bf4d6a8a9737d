import type { IngestProgress } from "../ingest/index.js";
import type { Io } from "./io.js";

/** Least time between two redraws of the progress line. */
const REDRAW_MS = 200;

/**
 * A one-line progress display on stderr, redrawn in place. Only used when stderr is a
 * terminal; `clear()` removes the line before the summary is printed.
 */
export function progressLine(
  io: Io,
  now: () => number = Date.now,
): {
  update(progress: IngestProgress): void;
  clear(): void;
} {
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(progress) {
      const t = now();
      if (progress.done || t - last < REDRAW_MS) return;
      last = t;
      drawn = true;
      io.stderr.write(`\r\x1b[K${describe(progress)}`);
    },
    clear() {
      if (drawn) io.stderr.write("\r\x1b[K");
      drawn = false;
    },
  };
}

/** `reading big.jsonl (2/5): 120.0 MB of 800.0 MB (15%)` */
export function describe(p: IngestProgress): string {
  const head = `reading ${p.file} (${p.fileIndex + 1}/${p.fileCount})`;
  if (p.bytes === 0) return head;
  if (p.totalBytes === null || p.totalBytes === 0) return `${head}: ${mb(p.bytes)} decompressed`;
  const percent = Math.min(100, Math.floor((p.bytes / p.totalBytes) * 100));
  return `${head}: ${mb(p.bytes)} of ${mb(p.totalBytes)} (${percent}%)`;
}

function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
