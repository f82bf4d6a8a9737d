import type { AuditReport } from "../model.js";
import { esc, metric } from "./escape.js";
import { finding } from "./findings.js";
import { count, money, percent } from "./format.js";
import { table } from "./table.js";
import { traceLink, traceLinks } from "./traces.js";

/** Alerts, reconciliation, trace integrity and privacy (DESIGN.md section 6). */

type Value = string | number | null;
const m = (name: string, value: Value, shown: string) => metric(name, value, shown);

export function alertsBlock(r: AuditReport): string {
  const a = r.alerts;
  const window =
    a.window === null
      ? "No calls to compare."
      : `${a.window.current.from.slice(0, 10)} to ${a.window.current.to.slice(0, 10)} against the ${a.window.days} days before; above x${a.settings.ratio} fires.`;
  const rows = a.alerts.map((x) => [
    esc(x.team),
    esc(x.metric),
    m(`alerts.${x.id}.ratio`, x.ratio, `x${Number(x.ratio).toFixed(2)}`),
    esc(x.summary),
  ]);
  const detail = `<p class="muted">${esc(window)}</p>${rows.length === 0 ? "" : table(["team", "metric", "ratio", "what jumped and why"], rows, [2])}`;
  return finding(
    "Week-over-week alerts",
    [
      ["alerts", m("alerts.alerts", a.alerts.length, count(a.alerts.length))],
      ["groups compared", m("alerts.groups", a.groups, count(a.groups))],
    ],
    detail,
  );
}

export function reconcileBlock(r: AuditReport): string {
  const s = r.reconciliation;
  if (s === null)
    return finding(
      "Provider usage reconciliation",
      [],
      '<p class="muted">No provider usage export was read.</p>',
    );
  const rows = s.providers.map((p) => {
    const key = `reconciliation.${p.provider}`;
    const t = p.total;
    return [
      esc(p.provider),
      esc(`${p.from} to ${p.to}`),
      m(`${key}.usage.spend`, t.usage.spend, money(t.usage.spend)),
      m(`${key}.ledger.spend`, t.ledger.spend, money(t.ledger.spend)),
      m(`${key}.gap.spend`, t.gap.spend, money(t.gap.spend)),
      m(`${key}.residual.spend`, t.explanation.residual.spend, money(t.explanation.residual.spend)),
      m(`${key}.ratio.tokens`, t.ratio.tokens, t.ratio.tokens === null ? "n/a" : t.ratio.tokens.toFixed(3)),
      t.healthy ? '<span class="ok">healthy</span>' : "gap",
    ];
  });
  const head = [
    "provider",
    "days",
    "provider says",
    "ledger",
    "gap",
    "unexplained",
    "tokens ledger/usage",
    "",
  ];
  return finding(
    "Provider usage reconciliation",
    [["providers", m("reconciliation.providers", s.providers.length, count(s.providers.length))]],
    `${table(head, rows, [2, 3, 4, 5, 6])}<p class="muted">Healthy within ${esc(percent(s.threshold))}; the gap is explained by calls outside the ledger, gateway cache hits and failed attempts the provider never billed, and models only one side names.</p>`,
  );
}

export function integrityBlock(r: AuditReport): string {
  const i = r.integrity;
  const rows = i.checks
    .filter((c) => c.count > 0)
    .map((c) => {
      const ids = c.examples.flatMap((e) => [e.traceId, e.relatedTraceId].filter((id) => id !== null));
      const traces = ids.map((id) => traceLink(id, r.timelines));
      return [
        `<strong>${esc(c.check)}</strong><div class="fix">${esc(c.fix)}</div><div class="traces">${traces.join(" ")}</div>`,
        m(`integrity.${c.check}.count`, c.count, count(c.count)),
        m(`integrity.${c.check}.recoverable`, c.recoverable, count(c.recoverable)),
        esc(c.kinds.map((k) => `${k.kind} ${k.count}`).join(", ")),
        esc(c.services.map((s) => s.service).join(", ")),
      ];
    });
  const detail =
    rows.length === 0
      ? '<p class="ok">Every request is one trace and every log line can be found by its trace id.</p>'
      : table(["check, fix and example traces", "items", "recoverable", "kinds", "services"], rows, [1, 2]);
  return finding(
    "Trace integrity",
    [
      ["spans checked", m("integrity.checked.spans", i.checked.spans, count(i.checked.spans))],
      ["log lines checked", m("integrity.checked.logLines", i.checked.logLines, count(i.checked.logLines))],
      [
        "consumer roots split from their producer",
        m("integrity.consumerRoots.split", i.consumerRoots.split, count(i.consumerRoots.split)),
      ],
    ],
    detail,
  );
}

export function privacyBlock(r: AuditReport): string {
  const p = r.privacy;
  // Keys, services and counts only: the section holds no values to show.
  const rows = p.findings.map((f, index) => [
    esc(f.kind),
    esc(f.source),
    `<code>${esc(f.key)}</code>`,
    esc(f.service),
    m(`privacy.findings.${index}.count`, f.count, count(f.count)),
    traceLinks(f.exampleTraceIds, r.timelines),
  ]);
  const fixes = p.byKind
    .filter((k) => k.count > 0)
    .map((k) => `<li><code>${esc(k.kind)}</code>: ${esc(p.fixes[k.kind])}</li>`);
  const detail =
    rows.length === 0
      ? '<p class="ok">No personal data found in spans, logs or captures.</p>'
      : `${table(["kind", "source", "key", "service", "items", "example traces"], rows, [4])}<ul class="notes">${fixes.join("")}</ul>`;
  return finding(
    "Personal data in telemetry",
    p.byKind.map((k) => [
      k.kind.replaceAll("_", " "),
      m(`privacy.byKind.${k.kind}.count`, k.count, count(k.count)),
    ]),
    detail,
  );
}
