import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { appLogLines } from "./app-logs.js";
import type { ExpectedAnswer } from "./expected.js";
import { expectedAnswer } from "./expected.js";
import { integrityAnswer, privacyAnswer } from "./expected-integrity.js";
import type { DemoOptions } from "./generate.js";
import { generateDemo } from "./generate.js";
import { harCapture } from "./har.js";
import { legacySpanLines } from "./legacy-spans.js";
import { spendLogLines, teamTableCsv, verificationTokenCsv } from "./litellm-tables.js";
import type { DemoWorkload } from "./model.js";
import { traceLines } from "./otlp.js";
import { pricesYaml } from "./prices.js";
import { anthropicUsageReport, openaiUsageLines, reconciliationAnswer } from "./provider-usage.js";

/** The files `writeDemo` creates, by name. */
export const DEMO_FILES = [
  "traces.otlp.jsonl",
  "litellm_spendlogs.csv",
  "litellm_verificationtoken.csv",
  "litellm_teamtable.csv",
  "prices.yaml",
  "expected.json",
  // Provider usage exports for reconciliation (provider-usage.ts).
  "openai_usage_completions.jsonl",
  "anthropic_usage_report.json",
  // Trace integrity and privacy evidence (expected-integrity.ts).
  "app_logs.ndjson",
  "proxy_capture.har",
  "legacy_spans.otlp.jsonl",
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
    "openai_usage_completions.jsonl": () => openaiUsageLines(workload.calls),
    "anthropic_usage_report.json": () => [anthropicUsageReport(workload.calls)],
    "app_logs.ndjson": () => appLogLines(workload),
    "proxy_capture.har": () => [harCapture(workload)],
    "legacy_spans.otlp.jsonl": () => legacySpanLines(workload),
  };
}

/** The planted answer plus the reconciliation figures of the provider usage exports. */
function demoAnswer(workload: DemoWorkload) {
  return {
    ...expectedAnswer(workload),
    reconciliation: reconciliationAnswer(workload),
    integrity: integrityAnswer(workload),
    privacy: privacyAnswer(workload),
  };
}

export interface RenderedDemo {
  files: Record<DemoFile, string>;
  expected: ExpectedAnswer;
}

/** Generates and encodes the demo in memory (pure; same options -> same bytes). For tests and small scales. */
export function renderDemo(options: DemoOptions = {}): RenderedDemo {
  const workload = generateDemo(options);
  const expected = demoAnswer(workload);
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
  const expected = demoAnswer(workload);
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
