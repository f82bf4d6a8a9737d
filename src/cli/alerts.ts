import { groupingOf, loadAlertConfig } from "../alerts/config.js";
import { type DeliveryReport, deliverAlerts, targetsFor } from "../alerts/deliver.js";
import { evaluateAlerts } from "../alerts/evaluate.js";
import { ALERT_RENDERERS, type AlertsOutput } from "../alerts/render.js";
import { alertsSection } from "../alerts/section.js";
import type { AlertConfig, AlertRun } from "../alerts/types.js";
import { loadFindingsRateCard } from "../analyses/substitution.js";
import type { Engine } from "../engine/engine.js";
import { SpendtrailError } from "../errors.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import type { RateCardRow } from "../pricing/ratecard.js";
import { parseDate } from "./dates.js";
import { EXIT } from "./exit.js";
import { commandInputs, withInputs } from "./inputs.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { optionalText, pathsArg, textList } from "./values.js";

type AlertFormat = keyof typeof ALERT_RENDERERS;

async function configOf(options: OptionValues): Promise<AlertConfig> {
  const config = await loadAlertConfig(optionalText(options.config));
  const by = optionalText(options.by);
  if (by === undefined) return config;
  try {
    return { ...config, by: groupingOf(by.split(",").map((d) => d.trim())) };
  } catch {
    throw new SpendtrailError("E_USAGE", `--by ${by}: expected team, team,project or team,feature`);
  }
}

async function deliver(engine: Engine, run: AlertRun, config: AlertConfig, dryRun: boolean) {
  const routed = run.alerts.some((a) => targetsFor(config, a).length > 0);
  return routed ? deliverAlerts(engine, run.alerts, config, { dryRun }) : null;
}

async function evaluate(
  engine: Engine,
  config: AlertConfig,
  overrides: RateCardRow[],
  options: OptionValues,
) {
  await loadFindingsRateCard(engine, { overrides });
  const now = parseDate("--now", options.now);
  const run = await evaluateAlerts(engine, config, now === undefined ? {} : { now });
  const delivery = await deliver(engine, run, config, options.dryRun === true);
  return { section: alertsSection(run, config), delivery } satisfies AlertsOutput;
}

function reportFailures(delivery: DeliveryReport | null, io: Io): number {
  if (delivery === null || delivery.failed === 0) return EXIT.ok;
  for (const d of delivery.deliveries) {
    if (d.status === "failed")
      io.stderr.write(`spendtrail: alert ${d.alertId} not delivered: ${d.error ?? ""}\n`);
  }
  io.stderr.write("spendtrail: undelivered alerts are sent again on the next run with the same --db\n");
  return EXIT.input;
}

/**
 * `spendtrail alerts <paths...>|--db DIR`: week-over-week alerts, delivered to the configured
 * webhooks once per alert and period. Exit 2 when a delivery failed after its retries.
 */
export async function alertsCommand(
  args: readonly unknown[],
  options: OptionValues,
  io: Io,
): Promise<number> {
  const config = await configOf(options);
  const overrides = loadPriceFiles(textList(options.prices));
  parseDate("--now", options.now);
  const inputs = await commandInputs("alerts", pathsArg(args), options);
  const format = options.format as AlertFormat;
  const out = await withInputs(inputs, io, (engine) => evaluate(engine, config, overrides, options), {
    summary: format === "terminal",
  });
  io.stdout.write(ALERT_RENDERERS[format](out));
  if (inputs.db === undefined && out.delivery !== null && options.dryRun !== true) {
    io.stderr.write(
      "note: no --db given, so delivery state is not kept; pass --db DIR so alerts are sent once\n",
    );
  }
  return reportFailures(out.delivery, io);
}
