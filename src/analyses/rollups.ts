import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import { pricedSpendSql, type SpendDimension } from "../pricing/priced-spend.js";
import { cleanIdentitySql, type FindingOptions, findingCalls, UNTAGGED, withRelations } from "./callSet.js";

/**
 * Rollups (DESIGN.md section 6): spend, calls and tokens per team > project > feature, per
 * tenant, per model and per day, over the finding call set. Identity values in MISSING_VALUES
 * count as absent and are shown as "(untagged)". Money from `pricedSpendSql`.
 */

/** Label of a call without a model. */
export const UNKNOWN_MODEL = "(unknown)";

export interface RollupTokens {
  uncachedInput: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  total: number;
}

export interface RollupFigures {
  /** All calls, gateway cache hits and failed attempts included. */
  calls: number;
  /** Billable tokens (gateway cache hits excluded). */
  tokens: RollupTokens;
  /** USD, exact decimal text; null when all of the group's tokens are unpriced. */
  spend: string | null;
  /** Tokens of models the rate card does not price (not in `spend`). */
  unpricedTokens: number;
}

export interface RollupRow extends RollupFigures {
  /** Team, project, feature, tenant, model or day (`YYYY-MM-DD`). */
  key: string;
}

export interface RollupNode extends RollupRow {
  children: RollupNode[];
}

/** One day of one team (spend by team over time). */
export interface RollupTeamDay extends RollupRow {
  /** The team, "(untagged)" when the call states none; `key` is the day. */
  team: string;
}

export interface RollupReport {
  total: RollupFigures;
  /** Teams, each with its projects, each with its features; most spend first. */
  teams: RollupNode[];
  tenants: RollupRow[];
  models: RollupRow[];
  /** Oldest first. */
  days: RollupRow[];
  /** Per day and team: oldest day first, teams by name within a day, "(untagged)" last. */
  teamDays: RollupTeamDay[];
}

const CLEANED = ["tenant", "team", "workload", "project", "feature"] as const;

function rollupCallsSql(calls: string): Sql {
  const items = CLEANED.map((c) => cleanIdentitySql(c));
  const replace = items.map((item, i) => `${item.text} AS ${CLEANED[i]}`).join(", ");
  return sql(`SELECT * REPLACE (${replace}) FROM ${calls}`, Object.assign({}, ...items.map((i) => i.params)));
}

/** Spend per `dims` over the cleaned calls, most spend first (oldest first for `day`). */
export function rollupSql(calls: string, dims: readonly SpendDimension[]): Sql {
  const priced = pricedSpendSql(dims, { table: "st_rollup" });
  const bySpend = "toDecimal128OrNull(total_cost, 18) DESC NULLS LAST";
  const order = dims.includes("day") ? dims.join(", ") : [bySpend, ...dims].join(", ");
  const body = sql(`SELECT * FROM (${priced.text}) ORDER BY ${order}`, priced.params);
  return withRelations({ st_rollup: rollupCallsSql(calls) }, body);
}

interface SpendRow {
  [dimension: string]: unknown;
  calls: number;
  uncached_input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  total_tokens: number;
  unpriced_tokens: number;
  total_cost: string | null;
}

function figures(r: SpendRow | undefined): RollupFigures {
  return {
    calls: r?.calls ?? 0,
    tokens: {
      uncachedInput: r?.uncached_input_tokens ?? 0,
      cacheRead: r?.cache_read_tokens ?? 0,
      cacheWrite: r?.cache_write_tokens ?? 0,
      output: r?.output_tokens ?? 0,
      total: r?.total_tokens ?? 0,
    },
    spend: r === undefined ? "0" : r.total_cost,
    unpricedTokens: r?.unpriced_tokens ?? 0,
  };
}

function label(value: unknown, missing: string): string {
  return value === null || value === undefined || value === "" ? missing : String(value);
}

function toRow(r: SpendRow, dim: SpendDimension): RollupRow {
  return { key: label(r[dim], dim === "model" ? UNKNOWN_MODEL : UNTAGGED), ...figures(r) };
}

const LEVELS = ["team", "project", "feature"] as const;

/** Nests the team, team > project and team > project > feature rows (each in spend order). */
function buildTree(levels: readonly SpendRow[][]): RollupNode[] {
  const roots: RollupNode[] = [];
  const byPath = new Map<string, RollupNode[]>([["[]", roots]]);
  levels.forEach((rows, depth) => {
    for (const r of rows) {
      const path = LEVELS.slice(0, depth + 1).map((d) => label(r[d], UNTAGGED));
      const node: RollupNode = { ...toRow(r, LEVELS[depth] ?? "team"), children: [] };
      byPath.get(JSON.stringify(path.slice(0, -1)))?.push(node);
      byPath.set(JSON.stringify(path), node.children);
    }
  });
  return roots;
}

/** Spend, calls and tokens per team > project > feature, tenant, model and day. Needs `rate_card` loaded. */
export async function rollups(engine: Engine, options: FindingOptions = {}): Promise<RollupReport> {
  const calls = await findingCalls(engine, options);
  const run = (dims: readonly SpendDimension[]) => engine.query<SpendRow>(rollupSql(calls, dims));
  const [total] = await run([]);
  const levels = [await run(["team"]), await run(["team", "project"]), await run(LEVELS)];
  return {
    total: figures(total),
    teams: buildTree(levels),
    tenants: (await run(["tenant"])).map((r) => toRow(r, "tenant")),
    models: (await run(["model"])).map((r) => toRow(r, "model")),
    days: (await run(["day"])).map((r) => toRow(r, "day")),
    teamDays: (await run(["day", "team"])).map((r) => ({
      ...toRow(r, "day"),
      team: label(r.team, UNTAGGED),
    })),
  };
}
