import type { AuditReport } from "../model.js";
import { esc, metric } from "./escape.js";
import { addUsd, amount, money, percent, tickMoney } from "./format.js";
import { type Bar, type Column, PALETTE, REST_COLOUR, rows, stackedColumns } from "./svg.js";

/** The report's three pictures: spend by team over time, untagged spend by mode, coverage per layer. */

const UNTAGGED = "(untagged)";
const OTHER = "other teams";
/** Teams drawn in their own colour; the rest share one. */
const MAX_TEAMS = PALETTE.length - 1;
/** Above this many days the team chart draws one column per week. */
const MAX_DAY_COLUMNS = 62;

interface TeamSeries {
  name: string;
  colour: string;
  spend: string | null;
}

/** Teams by spend (rollups.teams order), the biggest in their own colour, the rest and untagged in grey. */
function teamSeries(report: AuditReport): TeamSeries[] {
  const named = report.rollups.teams.filter((t) => t.key !== UNTAGGED);
  const own = named
    .slice(0, MAX_TEAMS)
    .map((t, i) => ({ name: t.key, colour: PALETTE[i] ?? REST_COLOUR, spend: t.spend }));
  const rest = named.slice(MAX_TEAMS);
  const untagged = report.rollups.teams.find((t) => t.key === UNTAGGED);
  if (rest.length > 0)
    own.push({ name: OTHER, colour: REST_COLOUR, spend: addUsd(rest.map((t) => t.spend)) });
  if (untagged !== undefined) own.push({ name: UNTAGGED, colour: "#d9d5cf", spend: untagged.spend });
  return own;
}

/** Monday of the ISO week of a `YYYY-MM-DD` day. */
function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

function grainOf(days: number): { label: string; key: (day: string) => string } {
  return days > MAX_DAY_COLUMNS ? { label: "week", key: weekOf } : { label: "day", key: (day) => day };
}

/** Spend per period and series name, as the decimal strings to add up. */
function spendByPeriod(report: AuditReport, series: readonly TeamSeries[], key: (day: string) => string) {
  const seriesOf = (team: string) =>
    (series.find((s) => s.name === team) ?? series.find((s) => s.name === OTHER))?.name ?? team;
  const byPeriod = new Map<string, Map<string, (string | null)[]>>();
  for (const cell of report.rollups.teamDays) {
    const period = key(cell.key);
    const teams = byPeriod.get(period) ?? new Map<string, (string | null)[]>();
    const name = seriesOf(cell.team);
    teams.set(name, [...(teams.get(name) ?? []), cell.spend]);
    byPeriod.set(period, teams);
  }
  return byPeriod;
}

/** Stacked columns of spend per day (per week over long periods), one segment per team. */
export function teamSpendChart(report: AuditReport): string {
  const series = teamSeries(report);
  const grain = grainOf(report.rollups.days.length);
  const byPeriod = spendByPeriod(report, series, grain.key);
  const columns: Column[] = [...byPeriod.keys()].sort().map((period) => ({
    label: period.slice(5),
    segments: series.flatMap((s): Bar[] => {
      const spends = byPeriod.get(period)?.get(s.name);
      if (spends === undefined) return [];
      const spend = addUsd(spends);
      const title = `${grain.label} ${period}, ${s.name}: ${money(spend)}`;
      const metric = `spendByTeam.${period}.${s.name}`;
      return [{ value: amount(spend), raw: spend, metric, colour: s.colour, title }];
    }),
  }));
  const chart = stackedColumns("team-spend", `Spend per ${grain.label}, stacked by team`, columns, tickMoney);
  return `${chart}${legend(series)}`;
}

function legend(series: readonly TeamSeries[]): string {
  const items = series.map(
    (s) =>
      `<li><span class="swatch" style="background:${s.colour}"></span>${esc(s.name)} ${metric(`rollups.teams.${s.name}.spend`, s.spend, money(s.spend), "num")}</li>`,
  );
  return `<ul class="legend">${items.join("")}</ul>`;
}

/** One bar per failure mode: its untagged spend, with its share of all untagged spend. */
export function modeChart(report: AuditReport): string {
  const max = Math.max(0, ...report.fixes.map((f) => amount(f.spend)));
  const items = report.fixes.map((f) => ({
    label: f.mode,
    segments: [
      {
        value: amount(f.spend),
        raw: f.spend,
        metric: `fixes.${f.mode}.spend`,
        colour: "#e15759",
        title: `${f.mode}: ${money(f.spend)} untagged over ${f.calls} calls`,
      },
    ],
    note: {
      text: `${money(f.spend)} · ${percent(f.share)}`,
      metric: `fixes.${f.mode}.share`,
      raw: f.share ?? "null",
    },
  }));
  return rows("untagged-by-mode", "Untagged spend by failure mode", items, max);
}

/** One bar per layer: tagged, recoverable and lost shares of the ledger spend. */
export function coverageChart(report: AuditReport): string {
  const items = report.coverage.map((c) => {
    const spend = amount(c.spend);
    const recoverable = spend > 0 ? amount(c.recoverableSpend) / spend : 0;
    const tagged = c.coverage ?? 0;
    // Float noise (1 - 0.9 - 0.1) must not draw a sliver of "lost".
    const lost = Math.max(0, Math.round((1 - tagged - recoverable) * 1e9) / 1e9);
    const part = (name: string, value: number, colour: string): Bar => ({
      value,
      raw: value,
      metric: `coverage.${c.layer}.${name}`,
      colour,
      title: `${c.layer} ${name}: ${percent(value)} of ledger spend`,
    });
    return {
      label: c.layer,
      segments: [
        part("tagged", tagged, "#59a14f"),
        part("recoverable", recoverable, "#edc948"),
        part("lost", lost, "#e15759"),
      ],
      note: {
        text: `${percent(c.coverage)} tagged`,
        metric: `coverage.${c.layer}.coverage`,
        raw: c.coverage ?? "null",
      },
    };
  });
  const keys = [
    ["#59a14f", "tagged on the ledger"],
    ["#edc948", "untagged, recoverable from other evidence"],
    ["#e15759", "untagged, lost"],
  ];
  const key = keys.map(
    ([colour, name]) => `<li><span class="swatch" style="background:${colour}"></span>${name}</li>`,
  );
  return `${rows("coverage", "Ledger coverage per identity layer", items, 1)}<ul class="legend">${key.join("")}</ul>`;
}
