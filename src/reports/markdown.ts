import { count, pct, periodText, plural, style, usd } from "./format.js";
import type { AuditReport, Fix } from "./model.js";
import { findingLines, noteLines, rollupLines } from "./terminalRest.js";

/**
 * The report as Markdown for a ticket: headline table, the ranked fixes as a table with
 * example traces, coverage, then the compact findings and notes as bullets.
 */

/** A table cell: pipes and line breaks would end the cell or the row. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\r?\n/g, " ");
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `|${header.map(() => " --- |").join("")}`, ...rows.map(line)];
}

function headline(r: AuditReport): string[] {
  const h = r.headline;
  const layers = h.layers.filter((l) => l.required);
  const unpriced = h.unpricedModels.map((m) => `\`${m.model}\``).join(", ");
  return [
    "## Headline",
    "",
    `- Total spend (ledger, rate card): **${usd(h.totalSpend)}** over ${plural(h.ledgerCalls, "call")}`,
    `- Untagged in any required layer: **${usd(h.untaggedSpend)}** (${pct(h.untaggedShare)}, ${plural(h.untaggedCalls, "call")})`,
    `- Outside the ledger: ${usd(h.outsideLedgerSpend)} (${plural(h.outsideLedgerCalls, "call")})`,
    `- Unpriced tokens: ${pct(h.unpricedShare)}${unpriced === "" ? "" : ` (${unpriced})`}`,
    "",
    ...table(
      ["", ...layers.map((l) => l.layer)],
      [
        ["untagged share", ...layers.map((l) => pct(l.untaggedShare))],
        ["untagged spend", ...layers.map((l) => usd(l.untaggedSpend))],
        ["recoverable share", ...layers.map((l) => pct(l.recoverableShare))],
      ],
    ),
  ];
}

function fixRow(f: Fix): string[] {
  return [
    String(f.rank),
    `\`${f.mode}\``,
    usd(f.spend),
    pct(f.share),
    count(f.calls),
    f.layers.map((l) => l.layer).join(", "),
    f.firstDivergence === null ? "-" : `\`${f.firstDivergence}\``,
    f.fix,
  ];
}

function fixes(r: AuditReport): string[] {
  if (r.fixes.length === 0) return ["## Fixes", "", "No untagged spend: nothing to fix."];
  const examples = r.fixes
    .filter((f) => f.exampleTraceIds.length > 0)
    .map((f) => `- \`${f.mode}\`: ${f.exampleTraceIds.map((t) => `\`${t}\``).join(", ")}`);
  return [
    "## Fixes, ranked by untagged spend",
    "",
    ...table(
      ["#", "mode", "spend", "share", "calls", "layers", "first divergence", "fix"],
      r.fixes.map(fixRow),
    ),
    ...(examples.length > 0 ? ["", "Example traces:", "", ...examples] : []),
  ];
}

function coverage(r: AuditReport): string[] {
  return [
    "## Coverage (spend-weighted)",
    "",
    ...table(
      ["layer", "tagged", "if recovered", "untagged calls", "recoverable spend"],
      r.coverage.map((c) => [
        c.layer,
        pct(c.coverage),
        pct(c.coverageIfRecovered),
        `${count(c.untaggedCalls)} of ${count(c.calls)}`,
        usd(c.recoverableSpend),
      ]),
    ),
  ];
}

// Lines indented deeper than the list (an alert under `alerts:`) become nested bullets.
const bullets = (lines: readonly string[]): string[] =>
  lines.map((l) => `${l.startsWith("    ") ? "  " : ""}- ${l.trim()}`);

/** Renders the report as Markdown. Pure. */
export function renderMarkdown(report: AuditReport): string {
  const notes = noteLines(report, style(false)).slice(1);
  const sections = [
    [
      "# spendtrail audit",
      "",
      `${periodText(report.period)}; ${plural(report.inputs.files.length, "input file")}; generated ${report.generatedAt}`,
    ],
    headline(report),
    fixes(report),
    coverage(report),
    ["## Findings", "", ...bullets(findingLines(report))],
    ["## Spend by", "", ...bullets(rollupLines(report))],
    notes.length > 0 ? ["## Notes", "", ...notes.map((n) => n.replace(/^\s+- /, "- "))] : [],
  ];
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join("\n"))
    .join("\n\n")}\n`;
}
