import { prepareFindingCalls } from "../analyses/callSet.js";
import type { Engine } from "../engine/engine.js";
import { ruleFor } from "./config.js";
import { compare, divide, exceedsRatio } from "./decimal.js";
import { buildDriver } from "./driver.js";
import {
  type FigureRow,
  foldRows,
  type GroupFigures,
  indexDrivers,
  metricValue,
  type PeriodPair,
} from "./figures.js";
import {
  alertCallsSql,
  alertRetryAttemptsSql,
  latestCallSql,
  periodFiguresSql,
  unpricedModelsSql,
} from "./sql.js";
import { summaryText } from "./summary.js";
import {
  type Alert,
  type AlertConfig,
  type AlertMetric,
  type AlertRule,
  type AlertRun,
  type AlertWindow,
  DRIVER_DIMENSIONS,
  type DriverDimension,
  type GroupDimension,
} from "./types.js";
import { alertWindow, dayText } from "./window.js";

export interface EvaluateOptions {
  /** Evaluation time: the periods end at the UTC midnight at or before it (default: after the latest call). */
  now?: Date;
  /** Finding calls relation (`prepareFindingCalls`); default: prepared here. */
  calls?: string;
}

type Drivers = Record<DriverDimension, Map<string, Map<string, PeriodPair>>>;

/** Whether a group's metric fires: above its minimum in the current period and above the ratio. */
export function fires(pair: PeriodPair, metric: AlertMetric, rule: AlertRule): boolean {
  const previous = metricValue(pair.previous, metric);
  const current = metricValue(pair.current, metric);
  const minimum = metric === "spend" ? rule.minSpend : String(rule.minOutputTokens);
  if (compare(previous, "0") <= 0 || compare(current, minimum) < 0) return false;
  return exceedsRatio(current, previous, rule.ratio);
}

/** `wow/output_tokens/team=support/2026-10-19/7d` */
export function alertId(metric: AlertMetric, key: string, window: AlertWindow): string {
  return `wow/${metric}/${key}/${dayText(window.current.from)}/${window.days}d`;
}

async function windowOf(engine: Engine, calls: string, config: AlertConfig, now?: Date) {
  if (now !== undefined) return alertWindow(config.periodDays, { now });
  const [row] = await engine.query<{ calls: number; latest: string }>(latestCallSql(calls));
  if (row === undefined || Number(row.calls) === 0) return null;
  // `2026-10-25 21:16:57.289789833`: milliseconds are enough to find its day.
  const latestCall = new Date(`${row.latest.slice(0, 23).replace(" ", "T")}Z`);
  return alertWindow(config.periodDays, { latestCall });
}

/** Group figures, driver figures and extra-attempt figures of both periods. */
async function readFigures(
  engine: Engine,
  calls: string,
  dims: readonly GroupDimension[],
  window: AlertWindow,
) {
  await engine.exec(alertCallsSql(calls, window));
  await engine.exec(alertRetryAttemptsSql());
  const groups = foldRows(await engine.query<FigureRow>(periodFiguresSql(dims, window)), dims);
  const retries = foldRows(
    await engine.query<FigureRow>(periodFiguresSql(dims, window, { retriesOnly: true })),
    dims,
  );
  const drivers = {} as Drivers;
  for (const driver of DRIVER_DIMENSIONS) {
    drivers[driver] = indexDrivers(
      await engine.query<FigureRow>(periodFiguresSql(dims, window, { driver })),
      dims,
    );
  }
  const [unpriced] = await engine.query<{ unpriced_models: string[] }>(unpricedModelsSql());
  return { groups, retries, drivers, unpricedModels: unpriced?.unpriced_models ?? [] };
}

interface Found {
  drivers: Drivers;
  retries: Map<string, GroupFigures>;
}

function toAlert(
  g: GroupFigures,
  metric: AlertMetric,
  rule: AlertRule,
  window: AlertWindow,
  found: Found,
): Alert {
  const { drivers, retries } = found;
  const values = Object.fromEntries(
    DRIVER_DIMENSIONS.map((d) => [d, drivers[d].get(g.key) ?? new Map<string, PeriodPair>()]),
  ) as Record<DriverDimension, Map<string, PeriodPair>>;
  const previous = metricValue(g.previous, metric);
  const current = metricValue(g.current, metric);
  const base = {
    id: alertId(metric, g.key, window),
    metric,
    group: g.group,
    team: g.group.team ?? "",
    previous,
    current,
    ratio: divide(current, previous),
    rule,
    window,
    driver: buildDriver(g, retries.get(g.key), values, metric),
  };
  return { ...base, summary: summaryText(base) };
}

/**
 * Week-over-week alerts (DESIGN.md section 6): per group, the last full period against the one
 * before, for each configured metric, over the finding call set (one row per call, no double
 * counting) priced by the rate card. Needs `rate_card` loaded for the calls
 * (`loadFindingsRateCard`). Alerts are ordered by ratio, highest first.
 */
export async function evaluateAlerts(
  engine: Engine,
  config: AlertConfig,
  options: EvaluateOptions = {},
): Promise<AlertRun> {
  const calls = options.calls ?? (await prepareFindingCalls(engine));
  const dims = config.by.split(",") as GroupDimension[];
  const run: AlertRun = {
    window: null,
    by: config.by,
    metrics: config.metrics,
    groups: 0,
    alerts: [],
    unpricedModels: [],
  };
  const window = await windowOf(engine, calls, config, options.now);
  if (window === null) return run;
  const found = await readFigures(engine, calls, dims, window);
  const alerts: Alert[] = [];
  for (const g of found.groups.values()) {
    const rule = ruleFor(config, g.group.team ?? "");
    for (const metric of config.metrics) {
      if (fires(g, metric, rule)) alerts.push(toAlert(g, metric, rule, window, found));
    }
  }
  alerts.sort((a, b) => compare(b.ratio, a.ratio) || a.id.localeCompare(b.id));
  return { ...run, window, groups: found.groups.size, alerts, unpricedModels: found.unpricedModels };
}
