import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import { SpendtrailError } from "../errors.js";
import { checkTraceId } from "../formats/trace-id.js";

/** Shortest prefix accepted in place of a whole trace id. */
export const MIN_PREFIX = 8;

/**
 * The stored trace id a user means: a whole id in any spelling (upper case, UUID dashes,
 * `0x`, a `traceparent`), or a prefix of at least 8 hex digits that exactly one stored trace
 * (span, call or log line) starts with. Throws a usage error naming the fix otherwise.
 */
export async function resolveTraceId(engine: Engine, input: string): Promise<string> {
  const checked = checkTraceId(input);
  if (checked.problem === "") return checked.traceId;
  const prefix = input
    .trim()
    .toLowerCase()
    .replace(/^0x/, "")
    .replaceAll("-", "")
    .replace(/(\.\.\.|\u2026)$/, "");
  if (!/^[0-9a-f]+$/.test(prefix) || prefix.length < MIN_PREFIX || prefix.length > 32) {
    throw new SpendtrailError(
      "E_USAGE",
      `trace id ${JSON.stringify(input)} is ${checked.problem.replace("_", " ")}; expected 32 hex digits (or a prefix of at least ${MIN_PREFIX})`,
    );
  }
  const matches = await engine.query<{ id: string }>(
    sql(
      `SELECT DISTINCT id FROM (
  SELECT TraceId AS id FROM otel_traces WHERE startsWith(TraceId, {p:String})
  UNION ALL SELECT trace_id FROM llm_calls WHERE startsWith(trace_id, {p:String})
  UNION ALL SELECT trace_id FROM app_logs WHERE startsWith(trace_id, {p:String}))
WHERE length(id) = 32 ORDER BY id LIMIT 6`,
      { p: prefix },
    ),
  );
  const [only, ...more] = matches.map((m) => m.id);
  if (only !== undefined && more.length === 0) return only;
  const found =
    only === undefined
      ? "no stored trace id starts with it"
      : `${matches.length > 5 ? "more than 5" : matches.length} trace ids start with it (${[only, ...more].slice(0, 5).join(", ")})`;
  throw new SpendtrailError("E_USAGE", `trace id prefix ${prefix}: ${found}; give more digits`);
}
