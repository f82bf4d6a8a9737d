import type { Engine } from "../engine/engine.js";
import { TABLES } from "../engine/engine.js";
import { sql } from "../engine/sql.js";

/**
 * A report period ([from, to) on call start times). The audit reads `llm_calls` by name, so a
 * period is applied by running the whole report in a scratch database whose `llm_calls`
 * holds only the period's calls and whose other canonical tables are views of the stored
 * ones (spans of any time stay visible as ancestors). The stored data is never changed.
 * Relies on the session keeping `USE` (chdb does).
 */
export interface Period {
  from?: Date;
  to?: Date;
}

const SCRATCH = "spendtrail_period";

function dateTime(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

async function createScratch(engine: Engine, home: string, period: Period): Promise<void> {
  await engine.exec(sql(`DROP DATABASE IF EXISTS ${SCRATCH}`));
  await engine.exec(sql(`CREATE DATABASE ${SCRATCH}`));
  for (const table of TABLES) {
    if (table === "llm_calls") continue;
    await engine.exec(sql(`CREATE VIEW ${SCRATCH}.${table} AS SELECT * FROM \`${home}\`.${table}`));
  }
  await engine.exec(sql(`CREATE TABLE ${SCRATCH}.llm_calls AS \`${home}\`.llm_calls`));
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (period.from !== undefined) {
    where.push("start_time >= {pw_from:DateTime64(9, 'UTC')}");
    params.pw_from = dateTime(period.from);
  }
  if (period.to !== undefined) {
    where.push("start_time < {pw_to:DateTime64(9, 'UTC')}");
    params.pw_to = dateTime(period.to);
  }
  await engine.exec(
    sql(
      `INSERT INTO ${SCRATCH}.llm_calls SELECT * FROM \`${home}\`.llm_calls WHERE ${where.join(" AND ")}`,
      params,
    ),
  );
}

/** Runs `work` over the period's calls only (all calls when the period is open on both ends). */
export async function withPeriod<T>(engine: Engine, period: Period, work: () => Promise<T>): Promise<T> {
  if (period.from === undefined && period.to === undefined) return work();
  const [row] = await engine.query<{ db: string }>(sql("SELECT currentDatabase() AS db"));
  const home = row?.db ?? "default";
  await createScratch(engine, home, period);
  try {
    await engine.exec(sql(`USE ${SCRATCH}`));
    return await work();
  } finally {
    await engine.exec(sql(`USE \`${home}\``));
    await engine.exec(sql(`DROP DATABASE IF EXISTS ${SCRATCH}`));
  }
}
