import { parse as parseCsvSync } from "csv-parse/sync";
import type { Sample } from "../reader.js";
import { JsonRecordSplitter } from "./json-split.js";

/** How a tabular/log file encodes its records. */
export const RECORD_ENCODINGS = ["csv", "json", "ndjson"] as const;
export type RecordEncoding = (typeof RECORD_ENCODINGS)[number];

/** What detection sees of a sample: its encoding and the field names of its first record. */
export interface SampleShape {
  encoding: RecordEncoding;
  keys: ReadonlySet<string>;
}

/** Encoding by the first character: `[` JSON, `{` NDJSON when the first line is a whole object, else CSV. */
export function sniffEncoding(text: string): RecordEncoding | null {
  const trimmed = text.trimStart();
  if (trimmed === "") return null;
  if (trimmed.startsWith("[")) return "json";
  if (!trimmed.startsWith("{")) return "csv";
  return parsesAsObject(firstLine(trimmed)) ? "ndjson" : "json";
}

/** The sample's encoding and first-record keys (CSV header, or keys of the first JSON record). */
export function sampleShape(sample: Sample): SampleShape | null {
  const encoding = sniffEncoding(sample.text);
  if (encoding === null) return null;
  if (encoding === "csv") return { encoding, keys: new Set(csvHeader(sample.text)) };
  return { encoding, keys: new Set(firstJsonKeys(sample.text)) };
}

function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, "");
}

function parsesAsObject(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value);
  } catch {
    return false;
  }
}

function csvHeader(text: string): string[] {
  try {
    const rows = parseCsvSync(firstLine(text), { bom: true, relax_quotes: true }) as string[][];
    return (rows[0] ?? []).map((name) => name.trim());
  } catch {
    return [];
  }
}

function firstJsonKeys(text: string): string[] {
  const { records } = new JsonRecordSplitter().push(text);
  for (const record of records) {
    try {
      const value = JSON.parse(record.text) as unknown;
      if (value !== null && typeof value === "object" && !Array.isArray(value)) return Object.keys(value);
    } catch {
      // fall through to the key scan below
    }
  }
  // The first record is longer than the sample: every `"name":` seen is a hint.
  return [...text.matchAll(/"([A-Za-z_$][\w.$-]*)"\s*:/g)].map((m) => m[1] as string);
}
