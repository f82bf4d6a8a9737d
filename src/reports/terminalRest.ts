import { count, plural, type Style, usd } from "./format.js";
import type { AuditReport, RollupRow } from "./model.js";
import { sectionLines } from "./sectionLines.js";

/**
 * The compact part of the text reports: one line per finding and per rollup, shared by the
 * terminal and markdown renderers (markdown lists them as bullets).
 */

/** How many rollup entries a line names. */
export const TOP = 5;

function joinLine(r: AuditReport): string {
  const j = r.join;
  const rules = j.rules.map((x) => `${count(x.calls)} by ${x.rule}`).join(", ");
  return `joins: ${count(j.gatewayCalls)} gateway calls, ${rules}; ${count(j.unmatchedGatewayCalls)} without spans, ${plural(j.unmatchedSpanCalls, "span call")} without a row`;
}

function retryLine(r: AuditReport): string {
  const t = r.retries;
  if (t.chains === 0) return "retries: no retry chains";
  const top = t.byTeamService[0];
  const where = top === undefined ? "" : `; most in ${top.team} / ${top.service}`;
  return `retries: ${plural(t.chains, "chain")}, ${plural(t.extraAttempts, "extra attempt")} costing ${usd(t.extraSpend)}${where}`;
}

function cacheLine(r: AuditReport): string {
  const { gateway, promptCache, inferred } = r.cache;
  return `cache: ${plural(gateway.calls, "gateway hit")} saved ${usd(gateway.savedSpend)}; prompt-cache reads ${count(promptCache.cacheReadTokens)} tokens in ${plural(promptCache.calls, "call")}, ${usd(promptCache.discount)} below the input rate; ${plural(inferred.calls, "inferred hit")}`;
}

function substitutionLine(r: AuditReport): string {
  const s = r.substitution;
  if (s.calls === 0) return "model substitution: none";
  const top = s.pairs[0];
  const pair = top === undefined ? "" : `; most ${top.requestModel} -> ${top.responseModel}`;
  return `model substitution: ${plural(s.calls, "call")}, ${usd(s.difference)} against the requested models${pair}`;
}

function driftLine(r: AuditReport): string {
  const d = r.drift;
  if (d.calls === 0) return "gateway spend drift: no gateway spend to compare";
  const ratio = d.ratio === null ? "n/a" : d.ratio.toFixed(3);
  const verdict = d.finding || d.byModel.some((m) => m.finding) ? "DRIFT" : "within 1%";
  return `gateway spend drift: reported ${usd(d.reportedSpend)} vs rate card ${usd(d.rateCardSpend)} (ratio ${ratio}, ${verdict})`;
}

/** Joins, retries, cache, substitution, drift, then alerts, reconciliation, integrity, privacy. */
export function findingLines(r: AuditReport): string[] {
  return [
    ...[joinLine(r), retryLine(r), cacheLine(r), substitutionLine(r), driftLine(r)].map((l) => `  ${l}`),
    ...sectionLines(r),
  ];
}

function top(rows: readonly RollupRow[]): string {
  const shown = rows.slice(0, TOP).map((x) => `${x.key} ${usd(x.spend)}`);
  const more = rows.length > TOP ? `, +${rows.length - TOP} more` : "";
  return rows.length === 0 ? "-" : `${shown.join(", ")}${more}`;
}

/** Teams, tenants, models and days, the top few each. */
export function rollupLines(r: AuditReport): string[] {
  const days = r.rollups.days;
  const first = days[0]?.key ?? "-";
  const last = days.at(-1)?.key ?? "-";
  const range = `${first === last ? first : `${first} to ${last}`} (${plural(days.length, "day")})`;
  return [
    `  teams: ${top(r.rollups.teams)}`,
    `  tenants: ${top(r.rollups.tenants)}`,
    `  models: ${top(r.rollups.models)}`,
    `  days: ${range}`,
  ];
}

/** The notes, or nothing when there are none. */
export function noteLines(r: AuditReport, s: Style): string[] {
  if (r.notes.length === 0) return [];
  return [s.bold("Notes"), ...r.notes.map((n) => `  - ${n.message}`)];
}
