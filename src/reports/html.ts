import { TIMELINE_CSS } from "../analyses/timelineRender.js";
import { coverageChart, modeChart, teamSpendChart } from "./html/charts.js";
import { esc, metric } from "./html/escape.js";
import { findingsGrid, inputsTable, notesList } from "./html/findings.js";
import { count } from "./html/format.js";
import { fixesTable, headlineCards, layerTable } from "./html/headline.js";
import { alertsBlock, integrityBlock, privacyBlock, reconcileBlock } from "./html/sections.js";
import { STYLE } from "./html/style.js";
import { section } from "./html/table.js";
import { timelineList } from "./html/traces.js";
import type { AuditReport } from "./model.js";

/**
 * The audit report as one self-contained HTML page (DESIGN.md section 7): inline CSS and
 * inline SVG charts, no script, font or request of any kind, so it opens offline and can be
 * attached to a ticket. Every figure carries `data-metric` (its name) and `data-value` (the
 * report's exact value); every string from the input is escaped.
 */
export function renderHtml(report: AuditReport): string {
  const body = [
    header(report),
    headlineCards(report),
    section(
      "layers",
      "Identity coverage",
      `${coverageChart(report)}${layerTable(report)}`,
      "Share of ledger spend whose gateway row carries each layer; recoverable spend is carried by other evidence of the same call (spans, ancestors, the key table) and can be back-filled.",
    ),
    section(
      "fixes",
      "Ranked fixes",
      `${modeChart(report)}${fixesTable(report)}`,
      "Every untagged (call, layer) gets one failure mode; modes are ranked by the untagged spend they cause.",
    ),
    section(
      "teams",
      "Spend by team over time",
      teamSpendChart(report),
      "Priced with the rate card; teams as the ledger names them, calls without a team under (untagged).",
    ),
    section("findings", "Other findings", findingsGrid(report)),
    section(
      "health",
      "Alerts, reconciliation, trace integrity, privacy",
      `<div class="findings">${[alertsBlock, reconcileBlock, integrityBlock, privacyBlock].map((f) => f(report)).join("")}</div>`,
    ),
    section("notes", "Notes", notesList(report)),
    section(
      "traces",
      "Example traces",
      timelineList(report),
      "The story of each example trace the findings name, in time order, with the identity at each step.",
    ),
    section("inputs", "Inputs", inputsTable(report)),
    footer(report),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>spendtrail audit report</title>
<style>${STYLE}${TIMELINE_CSS}</style>
</head>
<body><main>
${body.join("\n")}
</main></body>
</html>
`;
}

function period(report: AuditReport): string {
  const { from, to } = report.period;
  if (from === null && to === null) return "All calls";
  return `Calls from ${from ?? "the first"} to ${to ?? "the last"}`;
}

function header(report: AuditReport): string {
  const days = report.rollups.days;
  const span = days.length === 0 ? "" : `, ${esc(days[0]?.key ?? "")} to ${esc(days.at(-1)?.key ?? "")}`;
  return `<header><h1>spendtrail audit report</h1><p>Who spent what on LLM calls, and where that answer got lost.<br>${esc(period(report))}${span}; ${metric("rollups.total.calls", report.rollups.total.calls, count(report.rollups.total.calls))} calls in all.</p></header>`;
}

function footer(report: AuditReport): string {
  const prices =
    report.pricing.priceFiles.length === 0
      ? ""
      : `, price files ${report.pricing.priceFiles.map(esc).join(", ")}`;
  return `<footer>Generated ${esc(report.generatedAt)} by spendtrail (report schema ${esc(report.schemaVersion)}). Prices: ${esc(report.pricing.defaults)}${prices}. Identity contract: ${esc(report.contract.source)}, required layers ${esc(report.contract.required.join(", "))}. Money in ${esc(report.currency)}.</footer>`;
}
