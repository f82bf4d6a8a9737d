import { runAudit } from "../analyses/audit.js";
import { SpendtrailError } from "../errors.js";
import { focusExport } from "../exports/focus.js";
import type { FocusVersion } from "../exports/focusColumns.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import { loadRateCard } from "../pricing/rate-card-table.js";
import { parsePeriod } from "./dates.js";
import { EXIT } from "./exit.js";
import { commandInputs, withInputs, writeOutput } from "./inputs.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { renderCsv } from "./render.js";
import { optionalText, pathsArg, textList } from "./values.js";

/**
 * `spendtrail export [paths...] --focus FILE.csv [--focus-version 1.2|1.3]`: the chargeback
 * as FinOps FOCUS rows (one per day, team, project, feature, tenant, workload and model),
 * priced with the rate card, each call counted once. The unpriced models are named on stderr.
 */
export async function exportCommand(
  args: readonly unknown[],
  options: OptionValues,
  io: Io,
): Promise<number> {
  const focus = optionalText(options.focus);
  if (focus === undefined) {
    throw new SpendtrailError(
      "E_USAGE",
      "export: --focus FILE.csv is required (where to write the FOCUS CSV)",
    );
  }
  const period = parsePeriod(options);
  const overrides = loadPriceFiles(textList(options.prices));
  const version = (optionalText(options.focusVersion) ?? "1.2") as FocusVersion;
  const inputs = await commandInputs("export", pathsArg(args), options);
  const contract = inputs.contract;
  return withInputs(inputs, io, async (engine) => {
    await loadRateCard(engine, { overrides });
    // The audit's links (response id, trace id, fuzzy) decide which spans and rows are one call.
    await runAudit(engine, { contract });
    const exported = await focusExport(engine, { version, ...period });
    await writeOutput(focus, renderCsv(exported.rows, exported.columns), io);
    io.stderr.write(`wrote ${exported.rows.length} FOCUS ${version} rows to ${focus}\n`);
    for (const u of exported.unpriced) {
      io.stderr.write(
        `note: ${u.provider || "(no provider)"} ${u.model || "(no model)"} is not in the rate card: its ${u.tokens} tokens are exported at cost 0 (x_UnpricedTokens); add it with --prices FILE\n`,
      );
    }
    return EXIT.ok;
  });
}
