import { EngineError, errorMessage } from "../errors.js";
import type { CaptureRow } from "../record/evidence.js";
import { captureOf } from "./har-entry.js";
import { HarEntrySplitter } from "./har-split.js";
import type { FormatReader, IssueCode, ReadCounts, ReadInput, RecordSink, Sample } from "./reader.js";

const FORMAT = "har";
/** Rows handed to the sink at once. */
const BATCH = 500;

/**
 * HAR 1.2 proxy captures (browser dev tools, mitmproxy, Charles, Proxyman): one capture row per
 * entry that is an OpenAI-compatible or Anthropic API call. Entries are split off the stream one
 * at a time, so a capture of any size is read in bounded memory. Other entries are skipped as
 * not LLM calls (`not_llm`, not an error). Prompt text and API keys are never kept.
 */
export const harReader: FormatReader = {
  id: FORMAT,
  description: "HAR 1.2 proxy capture of OpenAI-compatible and Anthropic API calls",
  produces: "captures",
  detect,
  read,
};

function detect(sample: Sample): number {
  if (!/^\s*\{\s*"log"\s*:\s*\{/.test(sample.text)) return 0;
  return /"(entries|version|creator)"\s*:/.test(sample.text) ? 95 : 0;
}

async function read(input: ReadInput, sink: RecordSink): Promise<ReadCounts> {
  const counts: ReadCounts = { read: 0, skipped: 0 };
  const splitter = new HarEntrySplitter();
  let batch: CaptureRow[] = [];
  const issue = (line: number | null, code: IssueCode, message: string) =>
    sink.issue({ file: input.file, line, code, message });
  try {
    const stream = input.stream();
    stream.setEncoding("utf8");
    let first = true;
    for await (const chunk of stream) {
      let text = chunk as string;
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      for (const entry of splitter.push(text)) {
        counts.read += 1;
        const result = parseEntry(entry.text, input.file, entry.index);
        if (result.kind === "call") batch.push(result.row);
        else {
          counts.skipped += 1;
          issue(entry.index, result.kind === "not_llm" ? "not_llm" : result.code, result.message);
        }
      }
      if (batch.length >= BATCH) {
        await sink.captures(batch);
        batch = [];
      }
    }
  } catch (err) {
    if (err instanceof EngineError) throw err;
    issue(null, "truncated", `the input ends early (${errorMessage(err)}); the entries before it were kept`);
  }
  if (batch.length > 0) await sink.captures(batch);
  finish(splitter, counts, issue);
  return counts;
}

type EntryParse =
  | { kind: "call"; row: CaptureRow }
  | { kind: "not_llm"; message: string }
  | { kind: "bad"; code: "bad_json" | "bad_record"; message: string };

function parseEntry(text: string, file: string, index: number): EntryParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return {
      kind: "bad",
      code: "bad_json",
      message: `entry ${index} is not valid JSON (${errorMessage(err)})`,
    };
  }
  const result = captureOf(value, file, index);
  return result.kind === "bad"
    ? { ...result, code: "bad_record", message: `entry ${index}: ${result.message}` }
    : result;
}

/** A document cut inside an entry, or with no entries at all, is reported. */
function finish(
  splitter: HarEntrySplitter,
  counts: ReadCounts,
  issue: (line: number | null, code: IssueCode, message: string) => void,
): void {
  const { openEntry, openDocument } = splitter.end();
  if (openEntry !== null) {
    counts.read += 1;
    counts.skipped += 1;
    issue(
      openEntry,
      "truncated",
      `the HAR ends inside entry ${openEntry} (file cut?); the entries before it were kept`,
    );
  } else if (openDocument) {
    issue(null, "truncated", "the HAR ends before its closing brackets (file cut?); every entry was read");
  }
  if (splitter.entries === 0) issue(null, "empty", "no entries in `log.entries`; expected a HAR 1.2 capture");
}
