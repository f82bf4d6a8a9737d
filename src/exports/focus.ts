import { findingCalls, withRelations } from "../analyses/callSet.js";
import { rollupSql } from "../analyses/rollups.js";
import type { Engine } from "../engine/engine.js";
import { type Sql, sql } from "../engine/sql.js";
import type { SpendDimension } from "../pricing/priced-spend.js";
import { exportColumns, type FocusVersion } from "./focusColumns.js";
import { type FocusGroup, focusRow, type TeamNames } from "./focusRow.js";

/**
 * The chargeback export (DESIGN.md section 7): one FinOps FOCUS row per day, team, project,
 * feature, tenant, workload, provider and model, over the finding call set (each call once,
 * the ledger's view), priced at query time by the rate card (`loadRateCard` first). Calls
 * without a team form the explicit unattributed bucket. Groups that consumed no tokens
 * (failed attempts without usage, gateway cache hits) are left out: they cost nothing.
 */

export interface FocusOptions {
  /** Column set (default `1.2`; `1.3` renames the provider columns). */
  version?: FocusVersion;
  /** Only calls that started at or after this instant. */
  from?: Date;
  /** Only calls that started before this instant. */
  to?: Date;
  /** Who the export's BillingAccount is (default id `llm-gateway`, name `LLM gateway`). */
  billingAccount?: { id: string; name: string };
  /** Calls relation (default: `prepareFindingCalls` runs first). */
  calls?: string;
}

/** One export row: column -> cell text (null = empty cell). */
export type FocusRow = Record<string, string | null>;

export interface FocusExport {
  version: FocusVersion;
  columns: string[];
  rows: FocusRow[];
  /** Models the rate card does not price: exported with cost 0 and their tokens in x_UnpricedTokens. */
  unpriced: { provider: string; model: string; tokens: number }[];
}

const DIMENSIONS: readonly SpendDimension[] = [
  "day",
  "team",
  "project",
  "feature",
  "tenant",
  "workload",
  "provider",
  "model",
];

function periodSql(calls: string, from?: Date, to?: Date): Sql {
  const where: string[] = [];
  const params: Record<string, string> = {};
  const time = (d: Date): string => d.toISOString().replace("T", " ").replace("Z", "");
  if (from !== undefined) {
    where.push("start_time >= {fx_from:DateTime64(9, 'UTC')}");
    params.fx_from = time(from);
  }
  if (to !== undefined) {
    where.push("start_time < {fx_to:DateTime64(9, 'UTC')}");
    params.fx_to = time(to);
  }
  return sql(`SELECT * FROM ${calls}${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""}`, params);
}

/** The priced groups of the export, oldest day first. */
export function focusGroupsSql(calls: string, from?: Date, to?: Date): Sql {
  const body = rollupSql("st_focus_calls", DIMENSIONS);
  return withRelations({ st_focus_calls: periodSql(calls, from, to) }, body);
}

async function teamNames(engine: Engine): Promise<TeamNames> {
  const rows = await engine.query<{ team_id: string; team_alias: string }>(
    sql("SELECT team_id, any(team_alias) AS team_alias FROM gateway_teams GROUP BY team_id"),
  );
  const byId = new Map(rows.map((r) => [r.team_id, r.team_alias]));
  const byAlias = new Map<string, string | null>();
  for (const r of rows) {
    if (r.team_alias === "") continue;
    // An alias two teams share names neither.
    byAlias.set(r.team_alias, byAlias.has(r.team_alias) ? null : r.team_id);
  }
  return { byId, byAlias };
}

/** Builds the export rows; the rate card must be loaded for the calls. */
export async function focusExport(engine: Engine, options: FocusOptions = {}): Promise<FocusExport> {
  const version = options.version ?? "1.2";
  const calls = await findingCalls(engine, options.calls === undefined ? {} : { calls: options.calls });
  const groups = await engine.query<FocusGroup>(focusGroupsSql(calls, options.from, options.to));
  const names = await teamNames(engine);
  const account = options.billingAccount ?? { id: "llm-gateway", name: "LLM gateway" };
  const consumed = groups.filter((g) => Number(g.total_tokens) > 0 || (g.total_cost ?? "0") !== "0");
  const unpriced = new Map<string, { provider: string; model: string; tokens: number }>();
  for (const g of consumed) {
    if (Number(g.unpriced_tokens) === 0) continue;
    const key = `${g.provider}\u0000${g.model}`;
    const entry = unpriced.get(key) ?? { provider: g.provider, model: g.model, tokens: 0 };
    entry.tokens += Number(g.unpriced_tokens);
    unpriced.set(key, entry);
  }
  return {
    version,
    columns: exportColumns(version),
    rows: consumed.map((g) => focusRow(g, { version, account, names })),
    unpriced: [...unpriced.values()],
  };
}
