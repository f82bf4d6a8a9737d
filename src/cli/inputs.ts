import { writeFile } from "node:fs/promises";
import { type IdentityContract, loadContract } from "../contract/index.js";
import type { Engine } from "../engine/engine.js";
import { errorMessage, SpendtrailError } from "../errors.js";
import { type GatewayMapping, loadMapping } from "../formats/gateway/mapping.js";
import type { IngestSummary } from "../ingest/index.js";
import { type GatewaySource, ingestInputs } from "../sources/ingest-inputs.js";
import { parsePeriod } from "./dates.js";
import { withDb } from "./db.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { progressLine } from "./progress.js";
import { INGEST_RENDERERS } from "./renderers.js";
import { optionalText } from "./values.js";

/** What a command reads, from the input flags every data command shares (options.ts INPUT_OPTIONS). */
export interface CommandInputs {
  /** Names the command in usage errors. */
  command: string;
  paths: readonly string[];
  /** `--db DIR`: kept database; without paths or `--gateway`, the data an earlier run kept there. */
  db: string | undefined;
  /** `--gateway postgres://...`, with the `--from/--to` window when the command has one. */
  gateway: GatewaySource | undefined;
  contract: IdentityContract;
  /** `--map FILE`: column mapping for gateway logs in a layout no reader knows. */
  mapping: GatewayMapping | undefined;
  /** `ingest --keep-content`: keep prompt and completion text on spans. */
  keepContent: boolean;
}

/**
 * Reads `--db`, `--gateway` (windowed by `--from/--to`), `--contract`, `--map` and `--keep-content`. Loaded
 * before any work, so a bad contract or mapping file does not cost an ingest first.
 */
export async function commandInputs(
  command: string,
  paths: readonly string[],
  options: OptionValues,
): Promise<CommandInputs> {
  const url = optionalText(options.gateway);
  const mapPath = optionalText(options.map);
  return {
    command,
    paths,
    db: optionalText(options.db),
    gateway: url === undefined ? undefined : { url, ...parsePeriod(options) },
    contract: await loadContract(optionalText(options.contract)),
    mapping: mapPath === undefined ? undefined : await loadMapping(mapPath),
    keepContent: options.keepContent === true,
  };
}

/** True when the command reads new inputs (rather than only what `--db` kept). */
export function readsInputs(inputs: CommandInputs): boolean {
  return inputs.paths.length > 0 || inputs.gateway !== undefined;
}

/**
 * Reads the paths and `--gateway` into `engine`, with a progress line while stderr is a
 * terminal. `quiet` leaves the progress line out (machine output, `ingest --format json`).
 */
export async function ingestCommandInputs(
  engine: Engine,
  inputs: CommandInputs,
  io: Io,
  quiet = false,
): Promise<IngestSummary> {
  const progress = io.isTTY && !quiet ? progressLine(io) : undefined;
  const summary = await ingestInputs(engine, inputs.paths, {
    contract: inputs.contract,
    ...(inputs.gateway && { gateway: inputs.gateway }),
    ...(inputs.mapping && { mapping: inputs.mapping }),
    ...(inputs.keepContent && { keepContent: true }),
    ...(progress && { onProgress: progress.update }),
  });
  progress?.clear();
  return summary;
}

/** How `withInputs` talks: the ingest summary table on stderr unless the output is for machines. */
export interface InputsDisplay {
  /** Print the ingest summary table (and progress) on stderr. Default true. */
  summary?: boolean;
}

/**
 * The data a command works on: its paths and/or live LiteLLM database (`--gateway`) read into
 * `--db DIR` or a temporary database (the summary on stderr), or, with neither, what an
 * earlier `ingest --db DIR` kept. Throws E_NO_USABLE_INPUT (exit 2) when the inputs gave
 * nothing, E_USAGE when there is nothing to read at all. `summary` is null for kept data.
 */
export async function withInputs<T>(
  inputs: CommandInputs,
  io: Io,
  work: (engine: Engine, summary: IngestSummary | null) => Promise<T>,
  display: InputsDisplay = {},
): Promise<T> {
  const reads = readsInputs(inputs);
  if (!reads && inputs.db === undefined) {
    throw new SpendtrailError(
      "E_USAGE",
      `${inputs.command}: give input files or directories, --gateway postgres://..., or --db DIR with data kept by \`spendtrail ingest --db DIR\``,
    );
  }
  const shown = display.summary !== false;
  return withDb(inputs.db, !reads, async (engine) => {
    if (!reads) return work(engine, null);
    const summary = await ingestCommandInputs(engine, inputs, io, !shown);
    if (shown) io.stderr.write(`${INGEST_RENDERERS.table(summary)}\n`);
    if (summary.totals.used === 0) throw noUsableInput(inputs, shown);
    return work(engine, summary);
  });
}

function noUsableInput(inputs: CommandInputs, shown: boolean): SpendtrailError {
  const named = [...(inputs.gateway ? ["--gateway"] : []), ...inputs.paths].join(", ");
  const see = shown
    ? "see the problems listed for each input"
    : "run `spendtrail ingest` on them to see the problems of each input";
  return new SpendtrailError("E_NO_USABLE_INPUT", `nothing usable was read from ${named}; ${see}`);
}

/** Writes a command's output file (`-` is stdout). */
export async function writeOutput(path: string, text: string, io: Io): Promise<void> {
  if (path === "-") {
    io.stdout.write(text);
    return;
  }
  try {
    await writeFile(path, text, "utf8");
  } catch (err) {
    throw new SpendtrailError("E_USAGE", `cannot write ${path}: ${errorMessage(err)}`, { cause: err });
  }
}
