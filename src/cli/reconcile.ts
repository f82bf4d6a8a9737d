import { resolveAuditOptions } from "../analyses/options.js";
import { buildAuditTables } from "../analyses/pipeline.js";
import { reconcile } from "../analyses/reconcile.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import { EXIT } from "./exit.js";
import { commandInputs, withInputs } from "./inputs.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { RECONCILE_RENDERERS } from "./reconcileText.js";
import { optionalText, pathsArg, textList } from "./values.js";

type ReconcileFormat = keyof typeof RECONCILE_RENDERERS;

/**
 * `spendtrail reconcile <paths...>|--db DIR`: the gateway ledger per day and model against the
 * provider usage exports among the inputs, with the gap explained. Exit 2 when something could
 * not be compared at all (no usage report, another time window, a refused export), else 0.
 */
export async function reconcileCommand(
  args: readonly unknown[],
  options: OptionValues,
  io: Io,
): Promise<number> {
  const overrides = loadPriceFiles(textList(options.prices));
  const format = (optionalText(options.format) ?? "terminal") as ReconcileFormat;
  const inputs = await commandInputs("reconcile", pathsArg(args), options);
  const section = await withInputs(
    inputs,
    io,
    async (engine) => {
      // The audit's joins decide which span calls have no gateway row (calls outside the ledger).
      await buildAuditTables(engine, resolveAuditOptions({ contract: inputs.contract }));
      return reconcile(engine, { overrides });
    },
    { summary: format === "terminal" },
  );
  io.stdout.write(RECONCILE_RENDERERS[format](section));
  const errors = section.problems.filter((p) => p.severity === "error");
  if (errors.length === 0) return EXIT.ok;
  if (format !== "terminal") for (const e of errors) io.stderr.write(`spendtrail: ${e.message}\n`);
  return EXIT.input;
}
