import { runAudit } from "../analyses/audit.js";
import { pricedCallCostSql } from "../analyses/cost.js";
import type { IdentityContract } from "../contract/types.js";
import {
  BACKFILL_COLUMNS,
  type BackfillRow,
  backfillRecord,
  CONFIDENCES,
  type Confidence,
  readBackfill,
} from "../exports/backfill.js";
import { backfillPostgres } from "../exports/backfillPg.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import { loadRateCard } from "../pricing/rate-card-table.js";
import { parsePeriod } from "./dates.js";
import { EXIT } from "./exit.js";
import { commandInputs, withInputs, writeOutput } from "./inputs.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { renderCsv } from "./render.js";
import { optionalText, pathsArg, textList } from "./values.js";

function confident(rows: readonly BackfillRow[], least: Confidence): BackfillRow[] {
  const bar = CONFIDENCES.indexOf(least);
  return rows.filter((r) => CONFIDENCES.indexOf(r.confidence) <= bar);
}

function tally(rows: readonly BackfillRow[]): string {
  const requests = new Set(rows.map((r) => r.requestId)).size;
  const by = CONFIDENCES.map((c) => `${rows.filter((r) => r.confidence === c).length} ${c}`).join(", ");
  return `${rows.length} recovered values for ${requests} ledger rows (${by})`;
}

function postgresText(rows: readonly BackfillRow[], contract: IdentityContract, io: Io): string {
  const script = backfillPostgres(rows, {
    contract,
    header: [
      'spendtrail backfill: identity recovered from telemetry for "LiteLLM_SpendLogs" rows.',
      "Each UPDATE sets one empty column or metadata key of one request_id; values already there are kept.",
      "Review, then run: psql -v ON_ERROR_STOP=1 -f THIS_FILE (with search_path set to LiteLLM's schema).",
      tally(rows),
    ],
  });
  if (script.otherGateways > 0) {
    io.stderr.write(
      `note: ${script.otherGateways} values of other gateways' rows are in no SQL (see the CSV)\n`,
    );
  }
  if (script.unstorable > 0) {
    io.stderr.write(
      `note: ${script.unstorable} values hold a NUL character, which PostgreSQL cannot store; left out\n`,
    );
  }
  return script.sql;
}

/**
 * `spendtrail backfill [paths...] [--out FILE] [--sql postgres]`: every untagged ledger row
 * whose identity other evidence recovered (request id, layer, value, source, confidence), as
 * CSV, or as guarded `UPDATE "LiteLLM_SpendLogs"` statements. Rows without evidence never appear.
 */
export async function backfillCommand(
  args: readonly unknown[],
  options: OptionValues,
  io: Io,
): Promise<number> {
  parsePeriod(options);
  const overrides = loadPriceFiles(textList(options.prices));
  const least = (optionalText(options.minConfidence) ?? "low") as Confidence;
  const out = optionalText(options.out) ?? "-";
  const inputs = await commandInputs("backfill", pathsArg(args), options);
  const contract = inputs.contract;
  return withInputs(inputs, io, async (engine) => {
    await loadRateCard(engine, { overrides });
    await runAudit(engine, { contract, costSql: pricedCallCostSql() });
    const rows = confident(await readBackfill(engine), least);
    const text =
      optionalText(options.sql) === "postgres"
        ? postgresText(rows, contract, io)
        : renderCsv(rows.map(backfillRecord), BACKFILL_COLUMNS);
    await writeOutput(out, text, io);
    io.stderr.write(`${tally(rows)}${out === "-" ? "" : ` written to ${out}`}\n`);
    return EXIT.ok;
  });
}
