import { existsSync, statSync } from "node:fs";
import { type Engine, openEngine } from "../engine/index.js";
import { SpendtrailError } from "../errors.js";

/**
 * Opens the engine for `--db DIR`, or a temporary one when `dir` is undefined.
 * `mustExist` is for commands that read what `ingest` stored.
 */
export async function openDb(dir: string | undefined, mustExist: boolean): Promise<Engine> {
  if (dir !== undefined && existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new SpendtrailError("E_USAGE", `--db ${dir}: not a directory; expected a database directory`);
  }
  if (mustExist && (dir === undefined || !existsSync(dir))) {
    const named = dir === undefined ? "no --db given" : `--db ${dir}: no database there`;
    throw new SpendtrailError(
      "E_USAGE",
      `${named}; fill one first with \`spendtrail ingest <paths...> --db DIR\` and pass the same --db`,
    );
  }
  return openEngine(dir === undefined ? {} : { dir });
}

/** Runs `work` with an open engine and always closes it. */
export async function withDb<T>(
  dir: string | undefined,
  mustExist: boolean,
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  const engine = await openDb(dir, mustExist);
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}
