import type { IdentityContract } from "../contract/index.js";
import type { Engine } from "../engine/engine.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import { buildAuditReport } from "../reports/build.js";
import { hashAuditReport } from "../reports/hash.js";
import { inputsFromIngest } from "../reports/inputs.js";
import type { AuditReport, ReportInputs } from "../reports/model.js";
import { parsePeriod } from "./dates.js";
import { EXIT } from "./exit.js";
import { commandInputs, withInputs } from "./inputs.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { emitReport, type ReportOutput, reportOutput, writeDiff } from "./reportOutput.js";
import { optionalText, pathsArg, textList } from "./values.js";

// Checked before any work: a bad price file or date should not cost an ingest first.
function checkOptions(options: OptionValues): ReportOutput {
  const output = reportOutput(options);
  parsePeriod(options);
  loadPriceFiles(textList(options.prices));
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
    prices: textList(options.prices),
    ...parsePeriod(options),
    ...(inputs && { inputs }),
    ...(output.diff !== undefined && {
      onAudited: async (e: Engine) => {
        await writeDiff(e, output.diff as string);
      },
    }),
  });
  await emitReport(hashedIfAsked(built, options), output, io);
}

/** `--hash-identities [--salt S]`: the report with identity values hashed, else as built. */
export function hashedIfAsked(report: AuditReport, options: OptionValues): AuditReport {
  if (options.hashIdentities !== true) return report;
  return hashAuditReport(report, { salt: optionalText(options.salt) ?? "" });
}

/**
 * `spendtrail audit <paths...>` reads the files (and `--gateway`) into a temporary database (or
 * `--db`), then prints the report; the ingest summary goes to stderr in terminal mode and exit
 * is 2 when nothing was usable. `spendtrail report --db DIR` is the same report over kept data.
 */
function reportingCommand(command: "audit" | "report") {
  return async (args: readonly unknown[], options: OptionValues, io: Io): Promise<number> => {
    const output = checkOptions(options);
    const inputs = await commandInputs(command, pathsArg(args), options);
    await withInputs(
      inputs,
      io,
      (engine, summary) =>
        report(engine, inputs.contract, options, summary ? inputsFromIngest(summary) : undefined, output, io),
      { summary: output.format === "terminal" },
    );
    return EXIT.ok;
  };
}

/** `spendtrail audit <paths...>`: ingest, then the audit report. */
export const auditCommand = reportingCommand("audit");

/** `spendtrail report --db DIR`: the audit report on the data kept by `ingest --db` or `audit --db`. */
export const reportCommand = reportingCommand("report");
