import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import { USAGE_FORMATS } from "../record/provider-usage.js";
import type { ReconAggregate } from "./reconcileSql.js";
import type { ReconcileProblem } from "./reconcileTypes.js";

/** Models the rate card does not price (an export not grouped by model has no name: not listed). */
export function unpriced(aggregates: readonly ReconAggregate[]): ReconcileProblem[] {
  // Tokens of an export not grouped by model have no name to price by: that is `not_grouped_by_model`.
  const models = [...new Set(aggregates.flatMap((a) => a.unpriced_models))].filter((m) => m !== "").sort();
  if (models.length === 0) return [];
  const tokens = aggregates.filter((a) => a.family !== "").reduce((n, a) => n + a.unpriced_tokens, 0);
  return [
    {
      code: "unpriced_models",
      severity: "warning",
      provider: null,
      count: models.length,
      message: `the rate card does not price ${models.join(", ")} (${tokens} tokens): spend is not compared on their lines; add them to a price file (--prices)`,
    },
  ];
}

// Readers refuse a whole file (nothing written) with a file-level issue of these codes.
const REFUSED = "line = 0 AND code IN ('scope_mismatch', 'overlapping_page')";

/** Problems reading provider report files; a file refused whole is an error. */
export async function inputIssues(engine: Engine): Promise<ReconcileProblem[]> {
  const rows = await engine.query<{ file: string; issues: number; refused: number; first: string }>(
    sql(
      `SELECT file, toUInt32(count()) AS issues,
  toUInt32(countIf(${REFUSED})) AS refused,
  if(refused > 0, anyIf(message, ${REFUSED}), argMin(message, (line, code))) AS first
FROM ingest_issues WHERE has({ri_formats:Array(String)}, format) GROUP BY file ORDER BY file`,
      { ri_formats: [...USAGE_FORMATS] },
    ),
  );
  return rows.map((r) => ({
    code: "input_issues",
    severity: r.refused > 0 ? "error" : "warning",
    provider: null,
    count: r.issues,
    message:
      r.refused > 0
        ? `${r.file} was not used: ${r.first}`
        : `${r.issues} problem(s) reading ${r.file} (first: ${r.first}); the rest of the file was used`,
  }));
}
