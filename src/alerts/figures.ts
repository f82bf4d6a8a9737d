import type { AlertMetric, GroupDimension } from "./types.js";

/** One row of `periodFiguresSql`. */
export interface FigureRow {
  g0: string;
  g1?: string;
  d?: string;
  period: "current" | "previous";
  calls: number | string;
  output_tokens: number | string;
  spend: string;
}

/** A group's (or a driver value's) figures in one period. */
export interface Figures {
  calls: number;
  /** Whole number as text. */
  output_tokens: string;
  /** USD as text. */
  spend: string;
}

export interface PeriodPair {
  previous: Figures;
  current: Figures;
}

export interface GroupFigures extends PeriodPair {
  group: Partial<Record<GroupDimension, string>>;
  key: string;
}

export const ZERO: Figures = { calls: 0, output_tokens: "0", spend: "0" };

export function metricValue(f: Figures, metric: AlertMetric): string {
  return f[metric];
}

/** `team=support/feature=ticket-summary`: stable text of a group, values URI-encoded. */
export function groupKey(group: Partial<Record<GroupDimension, string>>): string {
  return Object.entries(group)
    .map(([dim, value]) => `${dim}=${encodeURIComponent(value ?? "")}`)
    .join("/");
}

function figures(r: FigureRow): Figures {
  return { calls: Number(r.calls), output_tokens: String(r.output_tokens), spend: r.spend };
}

function groupOf(r: FigureRow, dims: readonly GroupDimension[]): Partial<Record<GroupDimension, string>> {
  const values = [r.g0, r.g1];
  return Object.fromEntries(dims.map((d, i) => [d, values[i] ?? ""]));
}

/** Group rows keyed by group, both periods side by side. */
export function foldRows(
  rows: readonly FigureRow[],
  dims: readonly GroupDimension[],
): Map<string, GroupFigures> {
  const out = new Map<string, GroupFigures>();
  for (const r of rows) {
    const group = groupOf(r, dims);
    const key = groupKey(group);
    const entry = out.get(key) ?? { group, key, previous: ZERO, current: ZERO };
    entry[r.period] = figures(r);
    out.set(key, entry);
  }
  return out;
}

/** Driver rows indexed by group key, then driver value -> both periods. */
export function indexDrivers(
  rows: readonly FigureRow[],
  dims: readonly GroupDimension[],
): Map<string, Map<string, PeriodPair>> {
  const out = new Map<string, Map<string, PeriodPair>>();
  for (const r of rows) {
    if (r.d === undefined) continue;
    const key = groupKey(groupOf(r, dims));
    const values = out.get(key) ?? new Map<string, PeriodPair>();
    const entry = values.get(r.d) ?? { previous: ZERO, current: ZERO };
    entry[r.period] = figures(r);
    values.set(r.d, entry);
    out.set(key, values);
  }
  return out;
}
