import { SpendtrailError } from "../errors.js";
import { withDb } from "./db.js";
import { EXIT } from "./exit.js";
import { commandInputs, ingestCommandInputs, readsInputs } from "./inputs.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { INGEST_RENDERERS } from "./renderers.js";
import { pathsArg } from "./values.js";

type IngestFormat = keyof typeof INGEST_RENDERERS;

/** `spendtrail ingest <paths...> [--gateway URL]`: exit 0 when anything usable was read, else 2. */
export async function ingestCommand(
  args: readonly unknown[],
  options: OptionValues,
  io: Io,
): Promise<number> {
  const inputs = await commandInputs("ingest", pathsArg(args), options);
  if (!readsInputs(inputs)) {
    throw new SpendtrailError(
      "E_USAGE",
      "missing required argument 'paths': give files or directories to read, or --gateway postgres://...",
    );
  }
  const format = options.format as IngestFormat;
  const summary = await withDb(inputs.db, false, (engine) =>
    ingestCommandInputs(engine, inputs, io, format === "json"),
  );
  io.stdout.write(INGEST_RENDERERS[format](summary));
  if (summary.totals.used === 0) {
    io.stderr.write(
      `spendtrail: nothing usable was read from ${inputs.paths.join(", ")}; see the problems listed for each file\n`,
    );
    return EXIT.input;
  }
  if (inputs.db === undefined && format === "table") {
    io.stderr.write(
      "note: no --db given, so nothing was kept; pass --db DIR to keep the data for other commands\n",
    );
  }
  return EXIT.ok;
}
