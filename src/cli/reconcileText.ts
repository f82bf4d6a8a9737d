import type {
  Delta,
  ReconcileLine,
  ReconcileProvider,
  ReconcileSection,
} from "../analyses/reconcileTypes.js";
import { roundUsd } from "../pricing/money.js";
import { renderTable } from "./render.js";

/** `spendtrail reconcile --format` values; the flag's choices are this object's keys. */
export const RECONCILE_RENDERERS = {
  terminal: renderReconcileText,
  json: (section: ReconcileSection) => `${JSON.stringify(section, null, 2)}\n`,
} as const satisfies Record<string, (section: ReconcileSection) => string>;

const num = (n: number | null): string => (n === null ? "n/a" : n.toLocaleString("en-US"));
const signed = (n: number | null): string => (n === null ? "n/a" : `${n > 0 ? "+" : ""}${num(n)}`);

/** `$1,234.57`, 4 decimals below a dollar; `n/a` when unpriced. */
function usd(value: string | null, sign = false): string {
  if (value === null) return "n/a";
  const negative = value.startsWith("-");
  const abs = negative ? value.slice(1) : value;
  if (/^0(\.0*)?$/.test(abs)) return "$0";
  const rounded = roundUsd(abs, abs.startsWith("0") ? 4 : 2);
  const [whole = "0", frac] = rounded.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const prefix = negative ? "-" : sign && !/^0(\.0*)?$/.test(rounded) ? "+" : "";
  return `${prefix}$${grouped}${frac === undefined ? "" : `.${frac}`}`;
}

function part(
  label: string,
  sign: string,
  d: Delta | { calls: number; tokens: Delta["tokens"]; spend: string | null },
): string[] {
  const requests = "calls" in d ? d.calls : d.requests;
  return [`  ${sign} ${label}`, num(requests), num(d.tokens.total), usd(d.spend)];
}

function summary(p: ReconcileProvider, threshold: number): string[] {
  const { total } = p;
  const ex = total.explanation;
  const verdict = total.healthy ? `healthy (within ${threshold * 100}%)` : `outside ${threshold * 100}%`;
  const rows = [
    ["", "requests", "tokens", "spend"],
    ["provider report", num(total.usage.requests), num(total.usage.tokens.total), usd(total.usage.spend)],
    ["gateway ledger", num(total.ledger.calls), num(total.ledger.tokens.total), usd(total.ledger.spend)],
    [
      "gap (provider - ledger)",
      signed(total.gap.requests),
      signed(total.gap.tokens.total),
      usd(total.gap.spend, true),
    ],
    part("calls outside the ledger (spans, no row)", "+", ex.bypass),
    part("gateway cache hits the provider never billed", "-", ex.cacheHits),
    part("failed attempts without usage", "-", ex.failedAttempts),
    part("models only one side names", "±", ex.unmatchedModels),
    part("residual (unexplained)", "=", ex.residual),
  ];
  const text = renderTable(
    rows.map(([a, b, c, d]) => ({ line: a, requests: b, tokens: c, spend: d })),
    ["line", "requests", "tokens", "spend"],
    { numeric: ["requests", "tokens", "spend"], maxCellWidth: 60 },
  );
  const notes = [
    `gateway's own spend column: ${usd(total.ledger.gatewaySpend)}; cache hits saved ${usd(ex.cacheHits.savedSpend)}`,
    ...(total.usage.statedCost === null
      ? []
      : [`provider cost report (tokens): ${usd(total.usage.statedCost)}`]),
    ex.fullyExplained
      ? "every dollar of the gap is explained"
      : "part of the gap is unexplained (see residual)",
  ];
  const by = p.byModel ? "per day and model" : "per day (the export is not grouped by model)";
  return [
    `${p.provider}: ${p.from} to ${p.to}, ${by}: ${verdict}`,
    ...text.trimEnd().split("\n").slice(1),
    ...notes.map((n) => `  ${n}`),
  ];
}

function lineRow(l: ReconcileLine) {
  return {
    day: l.day,
    model: l.model ?? "(all)",
    provider_usd: usd(l.usage.spend),
    ledger_usd: usd(l.ledger.spend),
    gap_usd: usd(l.gap.spend, true),
    gap_tokens: signed(l.gap.tokens.total),
    bypass_usd: usd(l.explanation.bypass.spend),
    residual_usd: usd(l.explanation.residual.spend),
    healthy: l.healthy ? "yes" : "no",
  };
}

const LINE_COLUMNS = [
  "day",
  "model",
  "provider_usd",
  "ledger_usd",
  "gap_usd",
  "gap_tokens",
  "bypass_usd",
  "residual_usd",
  "healthy",
];
const NUMERIC = LINE_COLUMNS.filter((c) => c.endsWith("_usd") || c === "gap_tokens");

/** The section for people: per provider the totals and the gap explained, the days, the lines off by more than the threshold, then the problems. */
export function renderReconcileText(section: ReconcileSection): string {
  const out = [
    `Reconciliation: gateway ledger vs provider usage (healthy within ${section.threshold * 100}%)`,
  ];
  const window = section.ledgerWindow;
  out.push(`Ledger days: ${window === null ? "none" : `${window.from} to ${window.to}`}`);
  for (const s of section.sources)
    out.push(`  ${s.provider} ${s.report} report ${s.file}: ${s.from} to ${s.to}, ${s.buckets} buckets`);
  for (const p of section.providers) {
    out.push("", ...summary(p, section.threshold), "", "  Days:");
    out.push(...indent(renderTable(p.days.map(lineRow), LINE_COLUMNS, { numeric: NUMERIC })));
    const off = p.rows.filter((r) => !r.healthy);
    if (off.length > 0) {
      out.push(
        "",
        `  Day and model lines outside ${section.threshold * 100}% (${off.length} of ${p.rows.length}):`,
      );
      out.push(...indent(renderTable(off.map(lineRow), LINE_COLUMNS, { numeric: NUMERIC })));
    }
  }
  if (section.problems.length > 0) {
    out.push("", "Problems:", ...section.problems.map((pr) => `  ${pr.severity}: ${pr.message}`));
  }
  return `${out.join("\n")}\n`;
}

function indent(table: string): string[] {
  return table
    .trimEnd()
    .split("\n")
    .map((l) => `  ${l}`);
}
