import { count, plural, usd } from "./format.js";
import type { AuditReport } from "./model.js";

/**
 * One line each (alerts add one per alert) for the alerts, reconciliation, trace integrity and
 * privacy sections, shared by the terminal and markdown renderers after the other findings.
 */

function alertLines(r: AuditReport): string[] {
  const a = r.alerts;
  if (a.window === null) return ["alerts: no calls to compare week over week"];
  const period = `${a.window.current.from.slice(0, 10)} vs the ${a.window.days} days before`;
  if (a.alerts.length === 0) return [`alerts: none (${plural(a.groups, "group")} compared, ${period})`];
  return [`alerts: ${plural(a.alerts.length, "jump")} (${period})`, ...a.alerts.map((x) => `  ${x.summary}`)];
}

function reconcileLine(r: AuditReport): string {
  const s = r.reconciliation;
  if (s === null) return "reconciliation: no provider usage export read";
  const providers = s.providers.map((p) => {
    const gap =
      p.total.gap.spend === null ? `${count(p.total.gap.tokens.total)} tokens` : usd(p.total.gap.spend);
    const state = p.total.healthy ? "within" : "outside";
    return `${p.provider} gap ${gap} (${state} ${s.threshold * 100}%${p.total.explanation.fullyExplained ? ", explained" : ""})`;
  });
  const problems = s.problems.filter((p) => p.severity !== "info").length;
  const tail = problems === 0 ? "" : `; ${plural(problems, "problem")} (see notes)`;
  return `reconciliation: ${providers.length === 0 ? "nothing compared" : providers.join(", ")}${tail}`;
}

function integrityLine(r: AuditReport): string {
  const found = r.integrity.checks.filter((c) => c.count > 0);
  if (found.length === 0) return `integrity: clean (${plural(r.integrity.checked.traces, "trace")} checked)`;
  const checks = found.map(
    (c) => `${c.check} ${count(c.count)}${c.services[0] ? ` (most ${c.services[0].service})` : ""}`,
  );
  return `integrity: ${checks.join(", ")}`;
}

function privacyLine(r: AuditReport): string {
  const kinds = r.privacy.byKind.filter((k) => k.count > 0);
  if (kinds.length === 0) return "privacy: no personal data found in telemetry";
  const keys = [...new Set(r.privacy.findings.map((f) => f.key))];
  const shown = keys.slice(0, 3).join(", ");
  const more = keys.length > 3 ? `, +${keys.length - 3} more` : "";
  return `privacy: ${kinds.map((k) => `${k.kind} in ${plural(k.count, "item")}`).join(", ")}; keys ${shown}${more}`;
}

/** Alerts, reconciliation, integrity and privacy, compact. */
export function sectionLines(r: AuditReport): string[] {
  return [...alertLines(r), reconcileLine(r), integrityLine(r), privacyLine(r)].map((l) => `  ${l}`);
}
