import { pricedCallCostSql } from "../analyses/cost.js";
import { runAudit } from "../analyses/index.js";
import type { AuditResult } from "../analyses/result.js";
import { loadFindingsRateCard } from "../analyses/substitution.js";
import type { IdentityContract } from "../contract/index.js";
import type { Engine } from "../engine/engine.js";
import { loadPriceFiles } from "../pricing/price-file.js";
import { EXIT } from "./exit.js";
import { type CoverageBars, costliestModes, type LayerVerdict, parseFailUnder, verdicts } from "./gate.js";
import { commandInputs, withInputs } from "./inputs.js";
import type { Io } from "./io.js";
import type { OptionValues } from "./program.js";
import { pathsArg, textList } from "./values.js";

const pct = (share: number) => `${(share * 100).toFixed(2)}%`;
// Cents hide small fixtures and trial runs: below $1 show four decimals.
const usd = (value: number) => `$${value.toFixed(Math.abs(value) >= 1 ? 2 : 4)}`;

function verdictLine(v: LayerVerdict): string {
  const measured = v.coverage === null ? "no priced ledger spend to measure" : pct(v.coverage);
  const status = v.pass ? "ok" : "FAIL";
  const untagged = `untagged ${usd(v.untaggedSpend)} of ${usd(v.spend)} (${v.untaggedCalls} calls)`;
  return `  ${v.layer.padEnd(8)} ${measured.padEnd(8)} bar ${pct(v.bar).padEnd(8)} ${status.padEnd(5)} ${untagged}`;
}

function failureLines(audit: AuditResult, failed: readonly LayerVerdict[]): string[] {
  const lines: string[] = [];
  for (const v of failed) {
    const modes = costliestModes(audit, v.layer);
    if (modes.length === 0) continue;
    lines.push("", `Modes costing ${v.layer} the most:`);
    modes.forEach((m, i) => {
      const where = m.firstDivergence === null ? "" : `, first divergence ${m.firstDivergence}`;
      lines.push(`  ${i + 1}. ${m.mode}: ${usd(m.spend)} in ${m.calls} calls${where}`, `     fix: ${m.fix}`);
    });
  }
  return lines;
}

function render(audit: AuditResult, all: readonly LayerVerdict[]): string {
  const failed = all.filter((v) => !v.pass);
  const head = [
    "Spend-weighted coverage of the ledger (priced with the rate card):",
    ...all.map(verdictLine),
  ];
  const verdict =
    failed.length === 0
      ? "Check passed."
      : `Check failed: ${failed.map((v) => v.layer).join(", ")} below the bar.`;
  return `${[...head, ...failureLines(audit, failed), "", verdict].join("\n")}\n`;
}

async function audit(engine: Engine, contract: IdentityContract, options: OptionValues, bars: CoverageBars) {
  await loadFindingsRateCard(engine, { overrides: loadPriceFiles(textList(options.prices)) });
  const result = await runAudit(engine, { contract, costSql: pricedCallCostSql() });
  return { result, verdicts: verdicts(result, bars) };
}

/**
 * `spendtrail check <paths...>|--db DIR --fail-under team=0.95,tenant=0.9`: a CI gate. Exit 1
 * when a layer's spend-weighted coverage is below its bar (printing the costliest modes), 0
 * when all reach theirs, 2 for a bad `--fail-under` or input.
 */
export async function checkCommand(args: readonly unknown[], options: OptionValues, io: Io): Promise<number> {
  const bars = parseFailUnder(options.failUnder);
  loadPriceFiles(textList(options.prices));
  const inputs = await commandInputs("check", pathsArg(args), options);
  const done = await withInputs(inputs, io, (engine) => audit(engine, inputs.contract, options, bars));
  io.stdout.write(render(done.result, done.verdicts));
  return done.verdicts.every((v) => v.pass) ? EXIT.ok : EXIT.policy;
}
