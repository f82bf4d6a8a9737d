import type { AuditReport } from "../model.js";
import { esc, metric } from "./escape.js";
import { count, money } from "./format.js";
import { table } from "./table.js";
import { traceLinks } from "./traces.js";

/** The other findings (DESIGN.md sections 4-6): bypass, retries, cache, substitution, drift, notes. */

type Value = string | number | null;

/** A finding: its title, a row of headline figures, then optional detail. */
export function finding(title: string, figures: readonly [string, string][], detail = ""): string {
  const stats = figures.map(
    ([label, figure]) =>
      `<div class="stat"><div class="stat-figure">${figure}</div><div class="stat-label">${esc(label)}</div></div>`,
  );
  return `<div class="finding"><h3>${esc(title)}</h3><div class="stats">${stats.join("")}</div>${detail}</div>`;
}

const m = (name: string, value: Value, shown: string) => metric(name, value, shown);

function bypass(r: AuditReport): string {
  const b = r.bypass;
  const services = b.services.map((s) => [
    esc(s.service),
    m(`bypass.services.${s.service}.calls`, s.calls, count(s.calls)),
    m(`bypass.services.${s.service}.spend`, s.spend, money(s.spend)),
  ]);
  const detail =
    b.calls === 0
      ? ""
      : `${table(["service", "calls", "spend"], services, [1, 2])}<p class="fix">${esc(b.fix)}</p><p>${traceLinks(b.exampleTraceIds, r.timelines)}</p>`;
  return finding(
    "gateway_bypass: spend outside the ledger",
    [
      ["calls", m("bypass.calls", b.calls, count(b.calls))],
      ["spend", m("bypass.spend", b.spend, money(b.spend))],
    ],
    detail,
  );
}

function retries(r: AuditReport): string {
  const x = r.retries;
  const groups = x.byTeamService.map((g) => {
    const key = `retries.byTeamService.${g.team}/${g.service}`;
    return [
      esc(g.team),
      esc(g.service),
      m(`${key}.chains`, g.chains, count(g.chains)),
      m(`${key}.extraAttempts`, g.extraAttempts, count(g.extraAttempts)),
      m(`${key}.extraSpend`, g.extraSpend, money(g.extraSpend)),
      traceLinks(g.exampleTraceIds, r.timelines),
    ];
  });
  const detail =
    groups.length === 0
      ? ""
      : table(
          ["team", "service", "chains", "extra attempts", "extra spend", "example traces"],
          groups,
          [2, 3, 4],
        );
  return finding(
    "Retry chains",
    [
      ["chains", m("retries.chains", x.chains, count(x.chains))],
      ["extra attempts", m("retries.extraAttempts", x.extraAttempts, count(x.extraAttempts))],
      ["extra spend", m("retries.extraSpend", x.extraSpend, money(x.extraSpend))],
    ],
    detail,
  );
}

function cache(r: AuditReport): string {
  const { gateway, promptCache, inferred } = r.cache;
  const examples =
    gateway.exampleTraceIds.length === 0
      ? ""
      : `<p>Gateway cache hits: ${traceLinks(gateway.exampleTraceIds, r.timelines)}</p>`;
  return finding(
    "Cache",
    [
      ["gateway cache hits", m("cache.gateway.calls", gateway.calls, count(gateway.calls))],
      ["spend they saved", m("cache.gateway.savedSpend", gateway.savedSpend, money(gateway.savedSpend))],
      [
        "calls reading the provider's prompt cache",
        m("cache.promptCache.calls", promptCache.calls, count(promptCache.calls)),
      ],
      [
        "cached input tokens",
        m(
          "cache.promptCache.cacheReadTokens",
          promptCache.cacheReadTokens,
          count(promptCache.cacheReadTokens),
        ),
      ],
      [
        "prompt-cache discount",
        m("cache.promptCache.discount", promptCache.discount, money(promptCache.discount)),
      ],
      ["inferred cache hits", m("cache.inferred.calls", inferred.calls, count(inferred.calls))],
    ],
    examples,
  );
}

function substitution(r: AuditReport): string {
  const s = r.substitution;
  const pairs = s.pairs.map((p) => {
    const key = `substitution.pairs.${p.requestModel}>${p.responseModel}`;
    return [
      esc(p.requestModel),
      esc(p.responseModel),
      m(`${key}.calls`, p.calls, count(p.calls)),
      m(`${key}.servedSpend`, p.servedSpend, money(p.servedSpend)),
      m(`${key}.requestedSpend`, p.requestedSpend, money(p.requestedSpend)),
      m(`${key}.difference`, p.difference, money(p.difference)),
      traceLinks(p.exampleTraceIds, r.timelines),
    ];
  });
  const detail =
    pairs.length === 0
      ? ""
      : table(
          [
            "requested",
            "served",
            "calls",
            "spend as served",
            "at requested price",
            "difference",
            "example traces",
          ],
          pairs,
          [2, 3, 4, 5],
        );
  return finding(
    "Model substitution",
    [
      ["calls", m("substitution.calls", s.calls, count(s.calls))],
      ["spend as served", m("substitution.servedSpend", s.servedSpend, money(s.servedSpend))],
      [
        "at the requested model's price",
        m("substitution.requestedSpend", s.requestedSpend, money(s.requestedSpend)),
      ],
    ],
    detail,
  );
}

function drift(r: AuditReport): string {
  const d = r.drift;
  const models = d.byModel
    .filter((x) => x.finding)
    .map((x) => {
      const key = `drift.byModel.${x.model}`;
      return [
        esc(x.model),
        m(`${key}.reportedSpend`, x.reportedSpend, money(x.reportedSpend)),
        m(`${key}.rateCardSpend`, x.rateCardSpend, money(x.rateCardSpend)),
        m(`${key}.delta`, x.delta, money(x.delta)),
      ];
    });
  const detail =
    models.length === 0 ? "" : table(["model", "gateway says", "rate card", "difference"], models, [1, 2, 3]);
  return finding(
    "Gateway spend vs rate card",
    [
      ["gateway's own spend", m("drift.reportedSpend", d.reportedSpend, money(d.reportedSpend))],
      ["rate card", m("drift.rateCardSpend", d.rateCardSpend, money(d.rateCardSpend))],
      ["difference", m("drift.delta", d.delta, money(d.delta))],
    ],
    detail,
  );
}

export function findingsGrid(report: AuditReport): string {
  return `<div class="findings">${[bypass, retries, cache, substitution, drift].map((f) => f(report)).join("")}</div>`;
}

export function notesList(report: AuditReport): string {
  if (report.notes.length === 0) return '<p class="ok">Nothing was left out.</p>';
  const items = report.notes.map(
    (n) =>
      `<li><code>${esc(n.code)}</code> ${m(`notes.${n.code}.count`, n.count, count(n.count))}: ${esc(n.message)}</li>`,
  );
  return `<ul class="notes">${items.join("")}</ul>`;
}

export function inputsTable(report: AuditReport): string {
  // A stored database does not always know which reader read a file; an ingest run does.
  const unknown = report.inputs.origin === "database" ? "not recorded" : "not read";
  const rows = report.inputs.files.map((f) => [
    `<code>${esc(f.path)}</code>`,
    f.format === null ? `<span class="muted">${unknown}</span>` : esc(f.format),
    f.records === null
      ? '<span class="muted">n/a</span>'
      : m(`inputs.${f.path}.records`, f.records, count(f.records)),
    m(`inputs.${f.path}.issues`, f.issues, count(f.issues)),
  ]);
  return table(["file", "format", "records", "issues"], rows, [2, 3]);
}
