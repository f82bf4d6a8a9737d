import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import type { IngestSummary } from "../ingest/index.js";
import type { ReportInputFile, ReportInputs } from "./model.js";

/**
 * What the report was built from: this run's ingest summary, or (for a stored database) the
 * files the canonical tables name. A database does not keep per-file record counts, so those
 * are null there rather than a guessed 0.
 */

function formats(files: readonly ReportInputFile[]): ReportInputs["formats"] {
  const counts = new Map<string, number>();
  for (const f of files) if (f.format !== null) counts.set(f.format, (counts.get(f.format) ?? 0) + 1);
  return [...counts]
    .map(([format, n]) => ({ format, files: n }))
    .sort((a, b) => a.format.localeCompare(b.format));
}

/** Inputs of an ingest run. */
export function inputsFromIngest(summary: IngestSummary): ReportInputs {
  const files = summary.files.map((f) => ({
    path: f.path,
    format: f.format,
    records: f.read,
    skipped: f.skipped,
    issues: f.issueCount,
  }));
  return {
    origin: "ingest",
    files,
    formats: formats(files),
    records: summary.totals.read,
    skipped: summary.totals.skipped,
    issues: summary.totals.issues,
  };
}

// Every table that names its source file; spans are named through the calls made of them.
const FILES_SQL = sql(`SELECT file, anyIf(format, format != '') AS format, sum(issues) AS issues FROM (
  SELECT source_file AS file, toString(source_format) AS format, 0 AS issues FROM llm_calls GROUP BY file, format
  UNION ALL SELECT source_file, '', 0 FROM gateway_keys GROUP BY source_file
  UNION ALL SELECT source_file, '', 0 FROM gateway_teams GROUP BY source_file
  UNION ALL SELECT file, toString(format), count() FROM ingest_issues GROUP BY file, format
) WHERE file != '' GROUP BY file ORDER BY file`);

/** Inputs of a stored database (`report --db`): files as the tables name them, no record counts. */
export async function inputsFromDatabase(engine: Engine): Promise<ReportInputs> {
  const rows = await engine.query<{ file: string; format: string; issues: number }>(FILES_SQL);
  const files = rows.map((r) => ({
    path: r.file,
    format: r.format === "" ? null : r.format,
    records: null,
    skipped: null,
    issues: Number(r.issues),
  }));
  return {
    origin: "database",
    files,
    formats: formats(files),
    records: null,
    skipped: null,
    issues: files.reduce((n, f) => n + f.issues, 0),
  };
}
