import type { IdentityContract } from "../contract/types.js";
import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import { capturesInsert } from "./capture-calls.js";
import { gatewayCallsInsert } from "./gateway-calls.js";
import { type SpanSource, spanCallsInsert } from "./span-calls.js";

export { mergedCallsSql } from "./calls.js";
export { capturesInsert } from "./capture-calls.js";
export { LLM_CALL_COLUMNS } from "./columns.js";
export { gatewayCallsInsert } from "./gateway-calls.js";
export type { IdentityLookup } from "./identity.js";
export { identityLookup } from "./identity.js";
export { PROVIDER_ALIASES } from "./provider.js";
export type { SpanSource } from "./span-calls.js";
export { spanCallsInsert } from "./span-calls.js";

/** How many call rows one normalisation added, per source. */
export interface NormaliseCounts {
  span: number;
  gateway: number;
  /** Calls seen in proxy captures (HAR). */
  capture: number;
}

/**
 * Converts spans, gateway rows and captures that are not in `llm_calls` yet into call rows (one
 * per LLM span, gateway row or captured call) and returns how many rows it added. Safe to call after every
 * file: already converted spans and rows are skipped. `spanSource` names the input the new
 * span calls came from (otel_traces itself does not record a file).
 */
export async function normaliseNewCalls(
  engine: Engine,
  contract: IdentityContract,
  spanSource?: SpanSource,
): Promise<NormaliseCounts> {
  const before = await countBySource(engine);
  await engine.exec(spanCallsInsert(contract, spanSource));
  await engine.exec(gatewayCallsInsert(contract));
  await engine.exec(capturesInsert(contract));
  const after = await countBySource(engine);
  return {
    span: after.span - before.span,
    gateway: after.gateway - before.gateway,
    capture: after.capture - before.capture,
  };
}

async function countBySource(engine: Engine): Promise<NormaliseCounts> {
  const rows = await engine.query<{ source: string; n: number | string }>(
    sql("SELECT source, count() AS n FROM llm_calls GROUP BY source"),
  );
  const count = (source: string): number => Number(rows.find((r) => r.source === source)?.n ?? 0);
  return { span: count("span"), gateway: count("gateway"), capture: count("capture") };
}
