import type { IdentityContract } from "../contract/types.js";
import type { Engine } from "../engine/engine.js";
import { SpendtrailError } from "../errors.js";
import { ingestFiles } from "../ingest/index.js";
import { withDb } from "./db.js";

/**
 * The data a command works on: input paths ingested into `--db DIR` (or a temporary database),
 * or, without paths, what an earlier `ingest --db DIR` kept there.
 */
export async function withDataset<T>(
  paths: readonly string[],
  options: { db: string | undefined; contract: IdentityContract; command: string },
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  if (paths.length === 0 && options.db === undefined) {
    throw new SpendtrailError(
      "E_USAGE",
      `${options.command}: give input files or directories, or --db DIR with data kept by \`spendtrail ingest --db DIR\``,
    );
  }
  return withDb(options.db, paths.length === 0, async (engine) => {
    if (paths.length > 0) {
      const summary = await ingestFiles(engine, paths, { contract: options.contract });
      if (summary.totals.used === 0) {
        throw new SpendtrailError(
          "E_NO_USABLE_INPUT",
          `nothing usable was read from ${paths.join(", ")}; run \`spendtrail ingest\` on them to see the problems of each file`,
        );
      }
    }
    return work(engine);
  });
}

/** The positional paths of a command declared `[paths...]`. */
export function pathsArg(args: readonly unknown[]): string[] {
  const first = args[0];
  return Array.isArray(first) ? first.map(String) : [];
}

export function optionalText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function textList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
