import { isRecord, looksLikeJsonLines, readJsonDocument } from "../json-input.js";
import type { ReadInput, RecordSink } from "../reader.js";

/** One page of a provider report (`{ data: [buckets], has_more, next_page }`). */
export interface ReportPage {
  /** NDJSON: the line; a JSON array or document: the page number (1-based). */
  number: number;
  /** How issues name the page: `line 3` or `page 2`. */
  where: string;
  page: Record<string, unknown>;
}

export interface PageRead {
  pages: ReportPage[];
  /** Pages that were no page (broken JSON, not an object): each already has an issue. */
  bad: number;
}

const EXPECTED = "a report page object {data: [buckets], has_more, next_page}";

/**
 * The pages of a saved report export: one page, a JSON array of pages, NDJSON with one page
 * per line, or (as saved by hand) a bare array of buckets. Never throws: broken JSON, an empty
 * or cut file become issues, and what could be read is returned.
 */
export async function readPages(input: ReadInput, sink: RecordSink): Promise<PageRead> {
  if (looksLikeJsonLines(input.sample)) return readNdjsonPages(input, sink);
  const doc = await readJsonDocument(input, sink);
  if (doc === null) return { pages: [], bad: 0 };
  const { value } = doc;
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => isRecord(v) && !("data" in v) && "results" in v)) {
      return { pages: [{ number: 1, where: "page 1", page: { data: value } }], bad: 0 };
    }
    return collect(
      input.file,
      sink,
      value.map((v, i) => ({ number: i + 1, where: `page ${i + 1}`, value: v })),
    );
  }
  return collect(input.file, sink, [{ number: 1, where: "page 1", value }]);
}

async function readNdjsonPages(input: ReadInput, sink: RecordSink): Promise<PageRead> {
  const found: { number: number; where: string; value: unknown }[] = [];
  let bad = 0;
  for await (const { text, lineNo } of input.lines()) {
    if (text.trim() === "") continue;
    try {
      found.push({ number: lineNo, where: `line ${lineNo}`, value: JSON.parse(text) });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      sink.issue({
        file: input.file,
        line: lineNo,
        code: "bad_json",
        message: `not valid JSON (${reason}); expected ${EXPECTED}`,
      });
      bad += 1;
    }
  }
  const read = collect(input.file, sink, found);
  return { pages: read.pages, bad: read.bad + bad };
}

function collect(
  file: string,
  sink: RecordSink,
  found: readonly { number: number; where: string; value: unknown }[],
): PageRead {
  const pages: ReportPage[] = [];
  let bad = 0;
  for (const { number, where, value } of found) {
    if (isRecord(value) && Array.isArray(value.data)) pages.push({ number, where, page: value });
    else {
      sink.issue({
        file,
        line: number,
        code: "bad_record",
        message: `${where} is not a report page; expected ${EXPECTED}`,
      });
      bad += 1;
    }
  }
  return { pages, bad };
}

/** The organisation and project a page says it covers (only when it says so). */
export function pageScope(page: Record<string, unknown>): {
  organization: string | null;
  project: string | null;
} {
  const org = page.organization;
  const organization =
    stringOf(page.organization_id) ??
    stringOf(page.org_id) ??
    (isRecord(org) ? stringOf(org.id) : stringOf(org));
  const projects =
    Array.isArray(page.project_ids) && page.project_ids.length === 1 ? page.project_ids[0] : null;
  return { organization, project: stringOf(page.project_id) ?? stringOf(projects) };
}

function stringOf(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** The organisation all pages agree on, or the message saying which pages disagree. */
export function scopeOf(pages: readonly ReportPage[]): {
  organization: string | null;
  mismatch: string | null;
} {
  const first: Record<"organization" | "project", { value: string; where: string } | null> = {
    organization: null,
    project: null,
  };
  for (const page of pages) {
    const scope = pageScope(page.page);
    for (const kind of ["organization", "project"] as const) {
      const value = scope[kind];
      const before = first[kind];
      if (value === null) continue;
      if (before === null) first[kind] = { value, where: page.where };
      else if (before.value !== value) {
        return {
          organization: null,
          mismatch: `${page.where} is for ${kind} ${value} but ${before.where} is for ${kind} ${before.value}: the file mixes exports of two ${kind}s; nothing from it was used (export each ${kind} on its own and reconcile the one behind the gateway)`,
        };
      }
    }
  }
  return { organization: first.organization?.value ?? null, mismatch: null };
}
