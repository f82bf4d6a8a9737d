import { CALL_FILTER_KEYS, callsQuery } from "../analyses/calls.js";
import { withDb } from "./db.js";
import { EXIT } from "./exit.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { CALL_RENDERERS } from "./renderers.js";
import { optionalText } from "./values.js";
import { parseLimit, parseWhere } from "./where.js";

type CallFormat = keyof typeof CALL_RENDERERS;

/** `spendtrail calls`: the normalised calls of a kept database, as a table, JSON or CSV. */
export async function callsCommand(
  _args: readonly unknown[],
  options: OptionValues,
  io: Io,
): Promise<number> {
  const where = parseWhere(optionalText(options.where), CALL_FILTER_KEYS);
  const limit = parseLimit(String(options.limit));
  const format = options.format as CallFormat;
  const rows = await withDb(optionalText(options.db), true, (engine) =>
    engine.query<Record<string, unknown>>(callsQuery({ where, limit: limit ?? Number.MAX_SAFE_INTEGER })),
  );
  io.stdout.write(CALL_RENDERERS[format](rows));
  if (format === "table" && limit !== null && rows.length === limit) {
    io.stderr.write(`showing the first ${limit} calls; --limit N shows more (0 = all)\n`);
  }
  return EXIT.ok;
}
