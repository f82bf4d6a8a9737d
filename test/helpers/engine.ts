import { afterAll, beforeAll, beforeEach } from "vitest";
import { DEFAULT_CONTRACT } from "../../src/contract/default.js";
import { ChdbEngine } from "../../src/engine/chdb.js";
import { sql } from "../../src/engine/sql.js";
import { normaliseNewCalls } from "../../src/normalise/index.js";
import { type SpanSpec, spanRow } from "./spans.js";

/**
 * One embedded engine for a test file (libchdb allows one per process), emptied before each
 * test. Returns a function giving the engine once it is open.
 */
export function useEngine(
  tables: readonly string[] = ["otel_traces", "gateway_rows", "llm_calls"],
): () => ChdbEngine {
  let engine: ChdbEngine | undefined;
  beforeAll(async () => {
    engine = await ChdbEngine.open();
  });
  afterAll(async () => {
    await engine?.close();
  });
  beforeEach(async () => {
    for (const table of tables) await engine?.exec(sql(`TRUNCATE TABLE ${table}`));
  });
  return () => {
    if (engine === undefined) throw new Error("the engine is not open yet");
    return engine;
  };
}

/** Inserts the spans, normalises with the default contract and returns llm_calls by span id. */
export async function spanCalls(
  engine: ChdbEngine,
  ...specs: SpanSpec[]
): Promise<Record<string, unknown>[]> {
  await engine.insert("otel_traces", specs.map(spanRow));
  await normaliseNewCalls(engine, DEFAULT_CONTRACT);
  return engine.query(sql("SELECT * FROM llm_calls ORDER BY span_id"));
}
