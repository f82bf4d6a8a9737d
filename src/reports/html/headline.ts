import type { AuditReport, Fix } from "../model.js";
import { esc, metric } from "./escape.js";
import { count, money, percent } from "./format.js";
import { table } from "./table.js";
import { traceLinks } from "./traces.js";

/** The headline (what a person reads first) and the ranked fixes. */

function card(title: string, figure: string, detail: string): string {
  const big = figure === "" ? "" : `<div class="figure">${figure}</div>`;
  return `<div class="card"><div class="card-title">${esc(title)}</div>${big}<div class="detail">${detail}</div></div>`;
}

/** Per-layer shares as a small list inside a card. */
function layerShares(report: AuditReport, field: "untaggedShare" | "recoverableShare"): string {
  const items = report.headline.layers.map(
    (l) =>
      `<li><span>${esc(l.layer)}</span>${metric(`headline.layers.${l.layer}.${field}`, l[field], percent(l[field]))}</li>`,
  );
  return `<ul class="shares">${items.join("")}</ul>`;
}

export function headlineCards(report: AuditReport): string {
  const h = report.headline;
  const unpriced =
    h.unpricedModels.length === 0
      ? "every model is on the rate card"
      : `not on the rate card: ${h.unpricedModels.map((m) => esc(m.model)).join(", ")}`;
  return `<div class="cards">${[
    card(
      "Total spend (ledger)",
      metric("headline.totalSpend", h.totalSpend, money(h.totalSpend)),
      `${metric("headline.ledgerCalls", h.ledgerCalls, count(h.ledgerCalls))} calls on the gateway ledger`,
    ),
    card(
      "Untagged",
      metric("headline.untaggedShare", h.untaggedShare, percent(h.untaggedShare)),
      `of spend lacks a required layer: ${metric("headline.untaggedSpend", h.untaggedSpend, money(h.untaggedSpend))} in ${metric("headline.untaggedCalls", h.untaggedCalls, count(h.untaggedCalls))} calls${layerShares(report, "untaggedShare")}`,
    ),
    card(
      "Recoverable",
      "",
      `share of spend other evidence can back-fill${layerShares(report, "recoverableShare")}`,
    ),
    card(
      "Unpriced tokens",
      metric("headline.unpricedShare", h.unpricedShare, percent(h.unpricedShare)),
      unpriced,
    ),
    card(
      "Outside the ledger",
      metric("headline.outsideLedgerSpend", h.outsideLedgerSpend, money(h.outsideLedgerSpend)),
      `${metric("headline.outsideLedgerCalls", h.outsideLedgerCalls, count(h.outsideLedgerCalls))} calls bypassed the gateway`,
    ),
  ].join("")}</div>`;
}

/** Per identity layer: tagged share, untagged and recoverable spend, coverage once back-filled. */
export function layerTable(report: AuditReport): string {
  const body = report.coverage.map((c) => {
    const layer = report.headline.layers.find((l) => l.layer === c.layer);
    const h = (field: string, value: string | number | null, shown: string) =>
      metric(`headline.layers.${c.layer}.${field}`, value, shown);
    const cov = (field: string, value: number | null) =>
      metric(`coverage.${c.layer}.${field}`, value, percent(value));
    return [
      `${esc(c.layer)}${c.required ? "" : ' <span class="muted">(not required)</span>'}`,
      cov("coverage", c.coverage),
      h(
        "untaggedSpend",
        layer?.untaggedSpend ?? c.untaggedSpend,
        money(layer?.untaggedSpend ?? c.untaggedSpend),
      ),
      h(
        "untaggedCalls",
        layer?.untaggedCalls ?? c.untaggedCalls,
        count(layer?.untaggedCalls ?? c.untaggedCalls),
      ),
      h(
        "recoverableSpend",
        layer?.recoverableSpend ?? c.recoverableSpend,
        money(layer?.recoverableSpend ?? c.recoverableSpend),
      ),
      h(
        "recoverableCalls",
        layer?.recoverableCalls ?? c.recoverableCalls,
        count(layer?.recoverableCalls ?? c.recoverableCalls),
      ),
      cov("coverageIfRecovered", c.coverageIfRecovered),
    ];
  });
  return table(
    [
      "layer",
      "tagged share",
      "untagged spend",
      "untagged calls",
      "recoverable spend",
      "recoverable calls",
      "tagged once back-filled",
    ],
    body,
    [1, 2, 3, 4, 5, 6],
  );
}

function examples(traceIds: readonly string[], timelines: AuditReport["timelines"]): string {
  return traceIds.length === 0 ? "" : `<div class="traces">${traceLinks(traceIds, timelines)}</div>`;
}

function fixRow(f: Fix, timelines: AuditReport["timelines"]): string[] {
  const m = (field: string, value: string | number | null, shown: string) =>
    metric(`fixes.${f.mode}.${field}`, value, shown);
  const layers = f.layers.map(
    (l) => `${esc(l.layer)} ${m(`layers.${l.layer}.calls`, l.calls, `(${count(l.calls)})`)}`,
  );
  return [
    m("rank", f.rank, String(f.rank)),
    `<strong>${esc(f.mode)}</strong><div class="fix">${esc(f.fix)}</div>${examples(f.exampleTraceIds, timelines)}`,
    m("spend", f.spend, money(f.spend)),
    m("share", f.share, percent(f.share)),
    m("calls", f.calls, count(f.calls)),
    layers.join(", "),
    f.firstDivergence === null ? '<span class="muted">none</span>' : `<code>${esc(f.firstDivergence)}</code>`,
  ];
}

export function fixesTable(report: AuditReport): string {
  if (report.fixes.length === 0)
    return '<p class="ok">No untagged spend: every ledger call carries the required layers.</p>';
  return table(
    [
      "#",
      "failure mode, fix and example traces",
      "untagged spend",
      "share",
      "calls",
      "layers lost (calls)",
      "first divergence",
    ],
    report.fixes.map((f) => fixRow(f, report.timelines)),
    [0, 2, 3, 4],
  );
}
