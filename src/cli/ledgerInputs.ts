import { writeFile } from "node:fs/promises";
import type { IdentityContract } from "../contract/types.js";
import type { Engine } from "../engine/engine.js";
import { errorMessage, SpendtrailError } from "../errors.js";
import type { IngestSummary } from "../ingest/index.js";
import { type GatewaySource, ingestInputs } from "../sources/ingest-inputs.js";
import { withDb } from "./db.js";
import type { Io } from "./io.js";
import { INGEST_RENDERERS } from "./renderers.js";

export interface LedgerInputs {
  paths: readonly string[];
  db: string | undefined;
  /** `--gateway postgres://...`, with the `--from/--to` window. */
  gateway: GatewaySource | undefined;
  contract: IdentityContract;
  command: string;
}

/** `--gateway URL` with the command's period as its window. */
export function gatewayOption(url: unknown, period: { from?: Date; to?: Date }): GatewaySource | undefined {
  return typeof url === "string" ? { url, ...period } : undefined;
}

/**
 * The data a command works on: files and/or a live LiteLLM database (`--gateway`) read into
 * `--db DIR` or a temporary database (their summary on stderr), or, with neither, what an
 * earlier `ingest --db DIR` kept. Exit 2 (E_NO_USABLE_INPUT) when the inputs gave nothing.
 */
export async function withLedgerInputs<T>(
  inputs: LedgerInputs,
  io: Io,
  work: (engine: Engine, summary: IngestSummary | null) => Promise<T>,
): Promise<T> {
  const reads = inputs.paths.length > 0 || inputs.gateway !== undefined;
  if (!reads && inputs.db === undefined) {
    throw new SpendtrailError(
      "E_USAGE",
      `${inputs.command}: give input files or directories, --gateway postgres://..., or --db DIR with data kept by \`spendtrail ingest --db DIR\``,
    );
  }
  return withDb(inputs.db, !reads, async (engine) => {
    if (!reads) return work(engine, null);
    const summary = await ingestInputs(engine, inputs.paths, {
      contract: inputs.contract,
      ...(inputs.gateway && { gateway: inputs.gateway }),
    });
    io.stderr.write(INGEST_RENDERERS.table(summary));
    if (summary.totals.used === 0) {
      throw new SpendtrailError(
        "E_NO_USABLE_INPUT",
        "nothing usable was read; see the problems listed for each input",
      );
    }
    return work(engine, summary);
  });
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
