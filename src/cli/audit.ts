import { type IdentityContract, loadContract } from "../contract/index.js";
import type { Engine } from "../engine/engine.js";
import { loadMapping } from "../formats/gateway/mapping.js";
import { ingestFiles } from "../ingest/index.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import { buildAuditReport } from "../reports/build.js";
import { inputsFromIngest } from "../reports/inputs.js";
import type { ReportInputs } from "../reports/model.js";
import { parsePeriod } from "./dates.js";
import { withDb } from "./db.js";
import { EXIT } from "./exit.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { progressLine } from "./progress.js";
import { INGEST_RENDERERS } from "./renderers.js";
import { emitReport, type ReportOutput, reportOutput, writeDiff } from "./reportOutput.js";

function optional(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function priceFiles(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

// Checked before any work: a bad price file or date should not cost an ingest first.
function checkOptions(options: OptionValues): ReportOutput {
  const output = reportOutput(options);
  parsePeriod(options);
  loadPriceFiles(priceFiles(options.prices));
  return output;
}

/** Builds the report over what the engine holds, writes the diff, prints the report. */
async function report(
  engine: Engine,
  contract: IdentityContract,
  options: OptionValues,
  inputs: ReportInputs | undefined,
  output: ReportOutput,
  io: Io,
): Promise<void> {
  const built = await buildAuditReport(engine, {
    contract,
    prices: priceFiles(options.prices),
    ...parsePeriod(options),
    ...(inputs && { inputs }),
    ...(output.diff !== undefined && {
      onAudited: async (e: Engine) => {
        await writeDiff(e, output.diff as string);
      },
    }),
  });
  await emitReport(built, output, io);
}

/**
 * `spendtrail audit <paths...>`: ingest into a temporary database (or `--db`), then the
 * report. The ingest summary goes to stderr in terminal mode. Exit 2 when nothing was usable.
 */
export async function auditCommand(args: readonly unknown[], options: OptionValues, io: Io): Promise<number> {
  const paths = args[0] as string[];
  const output = checkOptions(options);
  const contract = await loadContract(optional(options.contract));
  const mapPath = optional(options.map);
  const mapping = mapPath === undefined ? undefined : await loadMapping(mapPath);
  const progress = io.isTTY && output.format === "terminal" ? progressLine(io) : undefined;
  return withDb(optional(options.db), false, async (engine) => {
    const summary = await ingestFiles(engine, paths, {
      contract,
      ...(mapping && { mapping }),
      ...(progress && { onProgress: progress.update }),
    });
    progress?.clear();
    if (output.format === "terminal") io.stderr.write(`${INGEST_RENDERERS.table(summary)}\n`);
    if (summary.totals.used === 0) {
      io.stderr.write(
        `spendtrail: nothing usable was read from ${paths.join(", ")}; see the problems listed for each file\n`,
      );
      return EXIT.input;
    }
    await report(engine, contract, options, inputsFromIngest(summary), output, io);
    return EXIT.ok;
  });
}

/** `spendtrail report --db DIR`: the same report over data kept by `ingest --db` or `audit --db`. */
export async function reportCommand(
  _args: readonly unknown[],
  options: OptionValues,
  io: Io,
): Promise<number> {
  const output = checkOptions(options);
  const contract = await loadContract(optional(options.contract));
  await withDb(optional(options.db), true, (engine) =>
    report(engine, contract, options, undefined, output, io),
  );
  return EXIT.ok;
}
