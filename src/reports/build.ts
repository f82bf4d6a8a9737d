import type { AlertConfig } from "../alerts/types.js";
import { runAudit } from "../analyses/audit.js";
import { cacheFindings } from "../analyses/cache.js";
import { prepareFindingCalls } from "../analyses/callSet.js";
import { pricedCallCostSql } from "../analyses/cost.js";
import { gatewayDrift } from "../analyses/drift.js";
import type { AuditResult } from "../analyses/result.js";
import { retryChains } from "../analyses/retries.js";
import { type RollupReport, rollups } from "../analyses/rollups.js";
import { loadFindingsRateCard, modelSubstitutions } from "../analyses/substitution.js";
import type { IdentityContract } from "../contract/types.js";
import type { Engine } from "../engine/engine.js";
import { GENAI_PRICES_SOURCE } from "../pricing/genai-prices.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import type { PriceBook } from "../pricing/resolve.js";
import {
  bypass,
  clampShare,
  coverage,
  fixes,
  headlineLayers,
  joinReport,
  recoverable,
  usdText,
} from "./fromAudit.js";
import { inputsFromDatabase } from "./inputs.js";
import {
  type AuditReport,
  type Headline,
  REPORT_SCHEMA_VERSION,
  type ReportInputs,
  type UnpricedModel,
} from "./model.js";
import { reportNotes } from "./notes.js";
import { callSections, exampleTimelines, reconciliation } from "./sections.js";
import { withPeriod } from "./window.js";

export interface BuildReportOptions {
  /** Identity contract (`loadContract()` gives the default one). */
  contract: IdentityContract;
  /** User price files, later ones winning (default none). */
  prices?: readonly string[];
  /** Default price catalogue (default `@pydantic/genai-prices`). */
  defaults?: PriceBook["defaults"];
  /** Only calls that started at or after this instant (default unbounded). */
  from?: Date;
  /** Only calls that started before this instant (default unbounded). */
  to?: Date;
  /** What was read (`inputsFromIngest`); default: the files the database names. */
  inputs?: ReportInputs;
  /** Example trace ids per finding (default 3). */
  examples?: number;
  /** Alert rules of the `alerts` section (default DEFAULT_ALERT_CONFIG); webhooks are never called. */
  alerts?: AlertConfig;
  /** When the report is built (default now). */
  now?: Date;
  /**
   * Called once the analyses have run, while their working tables (`call_links`, `audit_*`)
   * hold this report's calls: the place to read the per-call diff (`diffRecords`).
   */
  onAudited?: (engine: Engine) => Promise<void>;
}

function unpricedModels(r: RollupReport): UnpricedModel[] {
  return r.models
    .filter((m) => m.unpricedTokens > 0)
    .map((m) => ({ model: m.key, tokens: m.unpricedTokens, calls: m.calls }));
}

function headline(audit: AuditResult, roll: RollupReport): Headline {
  const { totals } = audit;
  return {
    totalSpend: usdText(totals.spend),
    ledgerCalls: totals.calls,
    untaggedCalls: totals.untaggedCalls,
    untaggedSpend: usdText(totals.untaggedSpend),
    untaggedShare: clampShare(totals.spend > 0 ? totals.untaggedSpend / totals.spend : null),
    layers: headlineLayers(audit),
    unpricedShare: roll.total.tokens.total > 0 ? roll.total.unpricedTokens / roll.total.tokens.total : null,
    unpricedModels: unpricedModels(roll),
    outsideLedgerSpend: usdText(audit.bypass.spend),
    outsideLedgerCalls: audit.bypass.calls,
  };
}

async function findings(engine: Engine, examples: number, alerts: AlertConfig | undefined) {
  const options = { calls: await prepareFindingCalls(engine), examples };
  return {
    retries: await retryChains(engine, options),
    cache: await cacheFindings(engine, options),
    substitution: await modelSubstitutions(engine, options),
    rollups: await rollups(engine, options),
    drift: await gatewayDrift(engine),
    ...(await callSections(engine, { examples, ...(alerts && { alerts }) })),
  };
}

/**
 * Builds the audit report over the calls in the engine: loads the rate card (defaults plus
 * the price files), runs the attribution audit priced with it (never the gateway's reported
 * cost), the findings and the gateway spend drift, and assembles the model. Stored data is
 * not changed; the analyses' working tables are replaced.
 */
export async function buildAuditReport(engine: Engine, options: BuildReportOptions): Promise<AuditReport> {
  const overrides = loadPriceFiles(options.prices ?? []);
  const inputs = options.inputs ?? (await inputsFromDatabase(engine));
  const examples = options.examples ?? 3;
  const period = { ...(options.from && { from: options.from }), ...(options.to && { to: options.to }) };
  return withPeriod(engine, period, async () => {
    await loadFindingsRateCard(engine, {
      overrides,
      ...(options.defaults && { defaults: options.defaults }),
    });
    const audit = await runAudit(engine, {
      contract: options.contract,
      costSql: pricedCallCostSql(),
      examples,
    });
    const found = await findings(engine, examples, options.alerts);
    await options.onAudited?.(engine);
    const report = {
      fixes: fixes(audit),
      bypass: bypass(audit.bypass),
      ...found,
    };
    const timelines = await exampleTimelines(engine, report, options.contract);
    const reconciled = await reconciliation(engine, {
      overrides,
      ...(options.defaults && { defaults: options.defaults }),
    });
    const head = headline(audit, found.rollups);
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      generatedAt: (options.now ?? new Date()).toISOString(),
      currency: "USD",
      period: { from: options.from?.toISOString() ?? null, to: options.to?.toISOString() ?? null },
      contract: { source: options.contract.source, required: [...options.contract.required] },
      pricing: {
        defaults: options.defaults === undefined ? GENAI_PRICES_SOURCE : "custom",
        priceFiles: [...(options.prices ?? [])],
      },
      inputs,
      headline: head,
      fixes: report.fixes,
      coverage: coverage(audit),
      recoverable: recoverable(audit),
      join: joinReport(audit.join, audit.captureJoins),
      bypass: report.bypass,
      ...found,
      reconciliation: reconciled,
      timelines,
      notes: reportNotes({
        inputs,
        totals: audit.totals,
        join: audit.join,
        unpricedModels: head.unpricedModels,
        reconciliation: reconciled,
        ...found,
      }),
    };
  });
}
