import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import type { ExpectedAnswer } from "./expected.js";
import { expectedAnswer } from "./expected.js";
import type { DemoOptions } from "./generate.js";
import { generateDemo } from "./generate.js";
import { spendLogLines, teamTableCsv, verificationTokenCsv } from "./litellm-tables.js";
import type { DemoWorkload } from "./model.js";
import { traceLines } from "./otlp.js";
import { pricesYaml } from "./prices.js";

/** The files `writeDemo` creates, by name. */
export const DEMO_FILES = [
  "traces.otlp.jsonl",
  "litellm_spendlogs.csv",
  "litellm_verificationtoken.csv",
  "litellm_teamtable.csv",
  "prices.yaml",
  "expected.json",
] as const;
export type DemoFile = (typeof DEMO_FILES)[number];

/** Each file's text as a sequence of pieces, so big scales never need one giant string. */
function pieces(workload: DemoWorkload, expected: ExpectedAnswer): Record<DemoFile, () => Iterable<string>> {
  return {
    "traces.otlp.jsonl": () => traceLines(workload.spans),
    "litellm_spendlogs.csv": () => spendLogLines(workload.calls),
    "litellm_verificationtoken.csv": () => [verificationTokenCsv(workload.calls)],
    "litellm_teamtable.csv": () => [teamTableCsv(workload.calls)],
    "prices.yaml": () => [pricesYaml()],
    "expected.json": () => [`${JSON.stringify(expected, null, 2)}\n`],
  };
}

export interface RenderedDemo {
  files: Record<DemoFile, string>;
  expected: ExpectedAnswer;
}

/** Generates and encodes the demo in memory (pure; same options -> same bytes). For tests and small scales. */
export function renderDemo(options: DemoOptions = {}): RenderedDemo {
  const workload = generateDemo(options);
  const expected = expectedAnswer(workload);
  const parts = pieces(workload, expected);
  const files = {} as Record<DemoFile, string>;
  for (const name of DEMO_FILES) files[name] = [...parts[name]()].join("");
  return { files, expected };
}

const FLUSH_BYTES = 4 * 1024 * 1024;

async function writePieces(path: string, text: Iterable<string>): Promise<void> {
  const file = await open(path, "w");
  try {
    let buffer: string[] = [];
    let size = 0;
    for (const piece of text) {
      buffer.push(piece);
      size += piece.length;
      if (size < FLUSH_BYTES) continue;
      await file.write(buffer.join(""));
      buffer = [];
      size = 0;
    }
    if (buffer.length > 0) await file.write(buffer.join(""));
  } finally {
    await file.close();
  }
}

/**
 * Writes the demo workload into `dir` (created if missing; existing demo files are replaced),
 * streaming the big files. Returns the paths written, in DEMO_FILES order, and the planted answer.
 */
export async function writeDemo(
  dir: string,
  options: DemoOptions = {},
): Promise<{ paths: string[]; expected: ExpectedAnswer }> {
  const workload = generateDemo(options);
  const expected = expectedAnswer(workload);
  const parts = pieces(workload, expected);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const name of DEMO_FILES) {
    const path = join(dir, name);
    await writePieces(path, parts[name]());
    paths.push(path);
  }
  return { paths, expected };
}
