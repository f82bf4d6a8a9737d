import { columns, count, pct, periodText, plural, type Style, style, usd } from "./format.js";
import type { AuditReport, Fix, HeadlineLayer } from "./model.js";
import { findingLines, noteLines, rollupLines } from "./terminalRest.js";

/**
 * The terminal report: what a FinOps lead reads first is on top (total spend, untagged and
 * recoverable share per layer, unpriced share), then the ranked fixes, then the rest in one
 * line per finding. Colour (bold headings and figures) only when asked for.
 */

export interface TerminalOptions {
  /** ANSI bold/dim; default false (a pipe or a file gets plain text). */
  color?: boolean;
}

const WIDTH = 100;

/** Words of `text` on lines of at most WIDTH columns, each after `indent`. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return line === "" ? lines : [...lines, indent + line];
}

function perLayer(layers: readonly HeadlineLayer[], pick: (l: HeadlineLayer) => string): string {
  return layers.map((l) => `${l.layer} ${pick(l)}`).join(", ");
}

function headline(r: AuditReport, s: Style): string[] {
  const h = r.headline;
  const layers = h.layers.filter((l) => l.required);
  const unpriced = h.unpricedModels.map((m) => m.model).join(", ");
  const rows = [
    [
      "Total spend",
      `${s.bold(usd(h.totalSpend))} in ${plural(h.ledgerCalls, "ledger call")} (rate card prices)`,
    ],
    ["Untagged", `${perLayer(layers, (l) => s.bold(pct(l.untaggedShare)))} of spend`],
    ["", `any layer ${usd(h.untaggedSpend)} (${pct(h.untaggedShare)}) in ${plural(h.untaggedCalls, "call")}`],
    ["Recoverable", `${perLayer(layers, (l) => pct(l.recoverableShare))} of spend can be back-filled`],
    ["Unpriced tokens", `${pct(h.unpricedShare)}${unpriced === "" ? "" : ` (${unpriced})`}`],
    ["Outside ledger", `${usd(h.outsideLedgerSpend)} in ${plural(h.outsideLedgerCalls, "call")}`],
  ];
  const title = `spendtrail audit: ${periodText(r.period)}, ${plural(r.inputs.files.length, "input file")}`;
  return [s.bold(title), "", ...columns(rows)];
}

function fixHead(f: Fix, s: Style): string[] {
  const layers = f.layers.map((l) => l.layer).join(", ");
  return [`${f.rank}.`, s.bold(f.mode), s.bold(usd(f.spend)), pct(f.share), plural(f.calls, "call"), layers];
}

function fixesSection(r: AuditReport, s: Style): string[] {
  if (r.fixes.length === 0) return [s.bold("Fixes"), "  no untagged spend: nothing to fix"];
  const heads = columns(
    r.fixes.map((f) => fixHead(f, s)),
    [0, 2, 3, 4],
  );
  const body = r.fixes.flatMap((f, i) => [
    ` ${heads[i] ?? ""}`,
    `     first divergence: ${f.firstDivergence ?? "unknown"}`,
    ...wrap(`fix: ${f.fix}`, "     ").map(s.dim),
  ]);
  return [s.bold(`Fixes, ranked by untagged spend (share of ${usd(r.headline.untaggedSpend)})`), ...body];
}

function bypassLines(r: AuditReport, s: Style): string[] {
  const b = r.bypass;
  if (b.calls === 0) return [];
  const services = b.services.map((x) => `${x.service} ${usd(x.spend)}`).join(", ");
  return [
    ` ${s.bold("gateway_bypass")}  ${usd(b.spend)}  ${plural(b.calls, "call")} outside the ledger (${services})`,
    ...wrap(`fix: ${b.fix}`, "     ").map(s.dim),
  ];
}

function coverageLines(r: AuditReport, s: Style): string[] {
  const rows = [
    ["layer", "tagged", "if recovered", "untagged calls"],
    ...r.coverage.map((c) => [
      `${c.layer}${c.required ? "" : " (optional)"}`,
      pct(c.coverage),
      pct(c.coverageIfRecovered),
      `${count(c.untaggedCalls)} of ${count(c.calls)}`,
    ]),
  ];
  const recovered = r.recoverable
    .filter((x) => x.calls > 0)
    .map((x) => {
      const top = x.values[0];
      return `${x.layer} ${usd(x.spend)}${top === undefined ? "" : ` (top: ${top.value} from ${top.source})`}`;
    });
  return [
    s.bold("Coverage (spend-weighted)"),
    ...columns(rows, [1, 2]).map((l) => `  ${l}`),
    ...(recovered.length > 0 ? [`  recoverable: ${recovered.join("; ")}`] : []),
  ];
}

/** Renders the report for a terminal. Pure: the same report gives the same text. */
export function renderTerminal(report: AuditReport, options: TerminalOptions = {}): string {
  const s = style(options.color ?? false);
  const sections = [
    headline(report, s),
    [...fixesSection(report, s), ...bypassLines(report, s)],
    coverageLines(report, s),
    [s.bold("Findings"), ...findingLines(report)],
    [s.bold("Spend by"), ...rollupLines(report)],
    noteLines(report, s),
  ];
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join("\n"))
    .join("\n\n")}\n`;
}
