import type { ReadIssue } from "../formats/reader.js";
import type { FileSummary, IngestSummary } from "../ingest/index.js";
import { renderTable } from "./render.js";

/** The ingest summary for people: one line per file, totals, then the first issues per file. */
export function renderIngestTable(summary: IngestSummary): string {
  const rows = summary.files.map((f) => ({
    file: f.path,
    format: f.format ?? "(not read)",
    read: f.read,
    skipped: f.skipped,
    "call records": f.calls,
  }));
  const t = summary.totals;
  const lines = [
    renderTable(rows, ["file", "format", "read", "skipped", "call records"], {
      maxCellWidth: Number.POSITIVE_INFINITY,
    }).trimEnd(),
    "",
    `total: ${plural(t.files, "file")}, ${plural(t.read, "record")} read, ${t.skipped} skipped, ` +
      `${plural(t.calls, "call record")} (${t.spanCalls} from spans, ${t.gatewayCalls} from gateway rows)`,
    `the database now holds ${plural(t.callsInDatabase, "call")} (spans and gateway rows of one call merged; list them with \`spendtrail calls\`)`,
  ];
  const withIssues = summary.files.filter((f) => f.issueCount > 0);
  if (withIssues.length > 0) lines.push("", "problems:", ...withIssues.flatMap(issueLines));
  return `${lines.join("\n")}\n`;
}

/** The whole summary as one JSON document. */
export function renderIngestJson(summary: IngestSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** `file:line: message`, or `file: message` for whole-file problems. */
export function formatIssue(issue: ReadIssue): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}`;
  return `${where}: ${issue.message} [${issue.code}]`;
}

function issueLines(file: FileSummary): string[] {
  const lines = file.issues.map((i) => `  ${formatIssue(i)}`);
  const more = file.issueCount - file.issues.length;
  if (more > 0)
    lines.push(`  ${file.path}: ${plural(more, "more problem")} (all are in the ingest_issues table)`);
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
