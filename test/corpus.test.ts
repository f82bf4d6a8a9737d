import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONTRACT } from "../src/contract/default.js";
import { ChdbEngine } from "../src/engine/chdb.js";
import { sql } from "../src/engine/sql.js";
import { ingestFiles } from "../src/ingest/index.js";
import {
  actualView,
  type CallRow,
  callRows,
  expectedView,
  matchRow,
  rawIdentity,
  rawValues,
} from "./helpers/conformance.js";
import { DEVIATIONS, withDeviations } from "./helpers/corpus-deviations.js";
import {
  CORPUS_DIR,
  type ExpectedCall,
  type ExpectedFile,
  loadExpected,
  nonCallRef,
} from "./helpers/expected.js";

/**
 * Conformance with the real-telemetry corpus: every file is ingested on its own and every
 * value of EXPECTED.json is compared with the llm_calls row of that call (DEVIATIONS lists
 * the few differences on purpose). Skipped where the corpus is not available.
 */
const expected = loadExpected();
const files = Object.keys(expected);
const TABLES = ["otel_traces", "gateway_rows", "gateway_keys", "gateway_teams", "llm_calls", "ingest_issues"];

let engine: ChdbEngine;
beforeAll(async () => {
  engine = await ChdbEngine.open();
});
afterAll(async () => {
  await engine.close();
});

describe.skipIf(files.length === 0)("corpus", () => {
  it("has an expectation for every telemetry file", () => {
    const onDisk = ["", "generated"].flatMap((dir) =>
      readdirSync(join(CORPUS_DIR, dir))
        .filter((f) => f.endsWith(".json") && f !== "EXPECTED.json")
        .map((f) => (dir === "" ? f : `${dir}/${f}`)),
    );
    expect(onDisk.sort()).toEqual([...files].sort());
  });

  describe.each(files)("%s", (file) => {
    const spec = expected[file] as ExpectedFile;
    const calls = spec.llm_calls ?? [];
    let rows: CallRow[] = [];

    beforeAll(async () => {
      for (const table of TABLES) await engine.exec(sql(`TRUNCATE TABLE ${table}`));
      await ingestFiles(engine, [join(CORPUS_DIR, file)], { contract: DEFAULT_CONTRACT, keepContent: false });
      rows = await callRows(engine);
    });

    it(`yields ${calls.length} LLM call(s)`, () => {
      expect(rows.map((r) => r.span_id || r.response_id)).toHaveLength(calls.length);
    });

    it.each(calls.map((call, i) => [callName(call, i), call] as const))(
      "call %s matches",
      async (name, call) => {
        const row = matchRow(call, rows, calls.length);
        expect(row, `no llm_calls row for ${name}`).toBeDefined();
        if (row === undefined) return;
        const wanted = withDeviations(file, name, expectedView(call, row.source));
        expect(actualView(row, wanted)).toEqual(wanted);
        const raw = await rawValues(engine, row.trace_id || null);
        for (const [key, values] of rawIdentity(call.identity, row.source)) {
          for (const value of values)
            expect(
              raw.some((v) => v.includes(value)),
              `${key}=${value} in the input`,
            ).toBe(true);
        }
      },
    );

    const nonCalls = spec.aggregate_or_non_llm_spans ?? [];
    it.skipIf(nonCalls.length === 0)("turns no aggregate or non-LLM span into a call", () => {
      for (const entry of nonCalls) {
        const ref = nonCallRef(entry);
        const hit = rows.filter((r) =>
          "spanId" in ref ? r.span_id === ref.spanId : r.span_name === ref.spanName,
        );
        expect(hit, entry).toEqual([]);
      }
    });

    const identityOnly = spec.identity_only;
    it.skipIf(identityOnly === undefined)("keeps the identity of a span that is no call", async () => {
      const raw = await rawValues(engine, identityOnly?.trace_id ?? null);
      for (const [key, values] of rawIdentity(identityOnly?.identity ?? {}, null)) {
        for (const value of values)
          expect(
            raw.some((v) => v.includes(value)),
            `${key}=${value}`,
          ).toBe(true);
      }
    });
  });

  it("lists only deviations of files and calls that exist", () => {
    for (const d of DEVIATIONS) {
      const calls = expected[d.file]?.llm_calls ?? [];
      expect(calls.map(callName), `${d.file} ${d.call}`).toContain(d.call);
    }
  });
});

function callName(call: ExpectedCall, index: number): string {
  return call.span_id ?? call.response_id ?? `#${call.index ?? index}`;
}

if (!existsSync(CORPUS_DIR)) console.warn(`corpus not found at ${CORPUS_DIR}: conformance skipped`);
