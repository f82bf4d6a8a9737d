import type { IdentityContract } from "../contract/types.js";
import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import type { RateCardRow } from "../pricing/ratecard.js";
import type { PriceBook } from "../pricing/resolve.js";
import { detectLinking, findingCalls, prepareFindingCalls } from "./callSet.js";
import { modelFamily } from "./modelFamily.js";
import { resolveAuditOptions } from "./options.js";
import { buildAuditTables } from "./pipeline.js";
import { bucketKey, groupBy, keepBuckets, readBuckets, sourcesOf } from "./reconcileBuckets.js";
import { buildLine, type LineParts } from "./reconcileLines.js";
import { type LedgerDay, planReconcile, type ReconcilePlan } from "./reconcilePlan.js";
import { inputIssues, unpriced } from "./reconcileProblems.js";
import {
  buildReconCalls,
  ledgerDaysSql,
  RECON_CALLS,
  type ReconAggregate,
  reconAggregateSql,
  reconModelsSql,
} from "./reconcileSql.js";
import { sumLines } from "./reconcileTotals.js";
import type { ReconcileLine, ReconcileProvider, ReconcileSection } from "./reconcileTypes.js";
import { loadFindingsRateCard } from "./substitution.js";

export type {
  CallFigures,
  Delta,
  GapExplanation,
  LedgerSide,
  ReconcileLine,
  ReconcileProblem,
  ReconcileProblemCode,
  ReconcileProvider,
  ReconcileSection,
  ReconcileSource,
  TokenFigures,
  UsageSide,
} from "./reconcileTypes.js";

/** Healthy when the ledger is within 1% of the provider's figures. */
export const RECONCILE_THRESHOLD = 0.01;

export interface ReconcileOptions {
  /** Calls relation, one row per call (`finding_calls`); default: `prepareFindingCalls` runs first. */
  calls?: string;
  /** User price rows (`loadPriceFiles`), winning over the defaults; default none. */
  overrides?: readonly RateCardRow[];
  /** Default price catalogue; default `@pydantic/genai-prices`. */
  defaults?: PriceBook["defaults"];
  /** Default RECONCILE_THRESHOLD. */
  threshold?: number;
  /** Contract for the audit's joins when they have not been built yet (default DEFAULT_CONTRACT). */
  contract?: IdentityContract;
}

const RATE_MODELS = "recon_rate_models";

/**
 * Reconciliation (DESIGN.md section 6): the gateway ledger per provider, day and model
 * against the provider's usage report (`provider_usage`), with the gap explained by computed
 * parts: calls outside the ledger (spans without rows), gateway cache hits and failed
 * attempts in the ledger that the provider never billed, models only one side names, and
 * the residual. Both sides are priced with the same rate card (reloaded here for the
 * provider's model names too). Reads the finding call set; writes only working tables.
 */
export async function reconcile(engine: Engine, options: ReconcileOptions = {}): Promise<ReconcileSection> {
  const threshold = options.threshold ?? RECONCILE_THRESHOLD;
  const calls = await callSet(engine, options);
  const buckets = await readBuckets(engine);
  const { kept, problems: overlaps } = keepBuckets(buckets);
  const plan = planReconcile(kept, await engine.query<LedgerDay>(ledgerDaysSql(calls)));
  const days = [...plan.days].flatMap(([provider, list]) => list.map((d) => `${provider}|${d}`));
  await engine.exec(buildReconCalls(calls, kept.map(bucketKey), days));
  await loadRateCard(engine, options);
  const aggregates = await readAggregates(engine, plan);
  const providers = [...plan.days.keys()].sort().map((p) => providerLines(p, aggregates, plan, threshold));
  const problems = [...overlaps, ...plan.problems, ...unpriced(aggregates), ...(await inputIssues(engine))];
  return {
    threshold,
    ledgerWindow: plan.ledgerWindow,
    sources: sourcesOf(buckets),
    providers,
    fullyExplained: providers.length > 0 && providers.every((p) => p.total.explanation.fullyExplained),
    problems,
  };
}

/**
 * The finding call set. Which span calls have no gateway row needs the audit's three joins
 * (a cache hit's row id is not its span's response id), so they are built when missing.
 */
async function callSet(engine: Engine, options: ReconcileOptions): Promise<string> {
  if (options.calls !== undefined) return findingCalls(engine, options);
  if ((await detectLinking(engine)) !== "call_links") {
    await buildAuditTables(
      engine,
      resolveAuditOptions(options.contract ? { contract: options.contract } : {}),
    );
  }
  return prepareFindingCalls(engine, "call_links");
}

/** The rate card for the ledger's calls and for the model names the provider reports. */
async function loadRateCard(engine: Engine, options: ReconcileOptions): Promise<void> {
  await engine.exec(
    sql(`CREATE OR REPLACE VIEW ${RATE_MODELS} AS
SELECT provider, response_model, request_model FROM llm_calls
UNION ALL SELECT provider, response_model, request_model FROM ${RECON_CALLS}`),
  );
  await loadFindingsRateCard(engine, {
    table: RATE_MODELS,
    ...(options.overrides && { overrides: options.overrides }),
    ...(options.defaults && { defaults: options.defaults }),
  });
}

async function readAggregates(engine: Engine, plan: ReconcilePlan): Promise<ReconAggregate[]> {
  const models = await engine.query<{ provider: string; model: string }>(reconModelsSql());
  const names = [...new Set(models.map((m) => m.model))];
  return engine.query<ReconAggregate>(reconAggregateSql(names, names.map(modelFamily), plan.perDay));
}

function providerLines(
  provider: string,
  aggregates: readonly ReconAggregate[],
  plan: ReconcilePlan,
  threshold: number,
): ReconcileProvider {
  const byModel = !plan.perDay.includes(provider);
  const own = aggregates.filter((a) => a.provider === provider);
  const lines: ReconcileLine[] = [];
  const costOnly: ReconcileLine[] = [];
  for (const group of groupBy(own, (a) => `${a.day}|${a.family}`).values()) {
    const parts: LineParts = Object.fromEntries(group.map((a) => [a.category, a]));
    const first = group[0] as ReconAggregate;
    const line = buildLine(
      { provider, day: first.day, model: byModel ? first.family : null },
      parts,
      threshold,
    );
    // Cost results without a model (OpenAI line items) only count towards their day.
    (Object.keys(parts).every((c) => c === "cost") ? costOnly : lines).push(line);
  }
  const compared = plan.days.get(provider) ?? [];
  const days = compared.map((day) =>
    sumLines(
      { provider, day, model: null },
      [...lines, ...costOnly].filter((l) => l.day === day),
      threshold,
    ),
  );
  return {
    provider,
    byModel,
    from: compared[0] ?? "",
    to: compared.at(-1) ?? "",
    total: sumLines({ provider, day: null, model: null }, days, threshold),
    days,
    rows: byModel ? lines : [],
  };
}

/**
 * The audit report's reconciliation section: null when no provider usage or cost report was
 * read (nothing to reconcile), else `reconcile`. Run it after `runAudit` so the audit's joins
 * decide which span calls are outside the ledger.
 */
export async function reconciliationSection(
  engine: Engine,
  options: ReconcileOptions = {},
): Promise<ReconcileSection | null> {
  const [row] = await engine.query<{ n: number | string }>(sql("SELECT count() AS n FROM provider_usage"));
  return Number(row?.n ?? 0) === 0 ? null : reconcile(engine, options);
}
