import { loadContract } from "../contract/index.js";
import { SpendtrailError } from "../errors.js";
import { loadMapping } from "../formats/gateway/mapping.js";
import { ingestInputs } from "../sources/ingest-inputs.js";
import { parsePeriod } from "./dates.js";
import { withDb } from "./db.js";
import { EXIT } from "./exit.js";
import type { Io } from "./io.js";
import { gatewayOption } from "./ledgerInputs.js";
import type { OptionValues } from "./program.js";
import { progressLine } from "./progress.js";
import { INGEST_RENDERERS } from "./renderers.js";

type IngestFormat = keyof typeof INGEST_RENDERERS;

/** `spendtrail ingest <paths...> [--gateway URL]`: exit 0 when anything usable was read, else 2. */
export async function ingestCommand(
  args: readonly unknown[],
  options: OptionValues,
  io: Io,
): Promise<number> {
  const paths = Array.isArray(args[0]) ? args[0].map(String) : [];
  const gateway = gatewayOption(options.gateway, parsePeriod(options));
  if (paths.length === 0 && gateway === undefined) {
    throw new SpendtrailError(
      "E_USAGE",
      "missing required argument 'paths': give files or directories to read, or --gateway postgres://...",
    );
  }
  const format = options.format as IngestFormat;
  const contract = await loadContract(optional(options.contract));
  const mapPath = optional(options.map);
  const mapping = mapPath === undefined ? undefined : await loadMapping(mapPath);
  const db = optional(options.db);
  const progress = io.isTTY && format !== "json" ? progressLine(io) : undefined;
  const summary = await withDb(db, false, (engine) =>
    ingestInputs(engine, paths, {
      contract,
      ...(gateway && { gateway }),
      keepContent: options.keepContent === true,
      ...(mapping === undefined ? {} : { mapping }),
      ...(progress === undefined ? {} : { onProgress: progress.update }),
    }),
  );
  progress?.clear();
  io.stdout.write(INGEST_RENDERERS[format](summary));
  if (summary.totals.used === 0) {
    io.stderr.write(
      `spendtrail: nothing usable was read from ${paths.join(", ")}; see the problems listed for each file\n`,
    );
    return EXIT.input;
  }
  if (db === undefined && format === "table") {
    io.stderr.write(
      "note: no --db given, so nothing was kept; pass --db DIR to keep the data for other commands\n",
    );
  }
  return EXIT.ok;
}

function optional(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
