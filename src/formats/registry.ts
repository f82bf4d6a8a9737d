import type { FormatReader, Sample } from "./reader.js";

/**
 * Every input format, by id. Adding a format is one line here plus its file;
 * CLI help and docs list formats from this object.
 */
export const READERS = {} as const satisfies Record<string, FormatReader>;

export type FormatId = keyof typeof READERS;

/** Picks the reader whose `detect` is most confident, or null when none claims the sample. */
export function detectFormat(sample: Sample): FormatReader | null {
  let best: FormatReader | null = null;
  let bestScore = 0;
  for (const reader of Object.values(READERS) as FormatReader[]) {
    const score = reader.detect(sample);
    if (score > bestScore) {
      best = reader;
      bestScore = score;
    }
  }
  return best;
}
