import type { AuditResult } from "../analyses/result.js";
import { SpendtrailError } from "../errors.js";
import { IDENTITY_LAYERS, type IdentityLayer } from "../record/identity.js";

/** `--fail-under`: the least spend-weighted coverage each named layer must reach. */
export type CoverageBars = Partial<Record<IdentityLayer, number>>;

const EXAMPLE = "e.g. --fail-under team=0.95,tenant=0.9";

function usage(message: string): SpendtrailError {
  return new SpendtrailError("E_USAGE", `--fail-under: ${message}; ${EXAMPLE}`);
}

function parseBar(layer: string, text: string): number {
  const percent = text.endsWith("%");
  const number = percent ? text.slice(0, -1) : text;
  const value = /^\d+(\.\d+)?$/.test(number) ? Number(number) / (percent ? 100 : 1) : Number.NaN;
  if (!(value >= 0 && value <= 1))
    throw usage(`${layer}=${text} is not a share between 0 and 1 (or 0% to 100%)`);
  return value;
}

/** Parses `team=0.95,tenant=90%`: layers from IDENTITY_LAYERS, each once, shares 0..1. */
export function parseFailUnder(value: unknown): CoverageBars {
  if (typeof value !== "string" || value.trim() === "") throw usage("required");
  const bars: CoverageBars = {};
  for (const part of value.split(",")) {
    const [layer = "", text, ...rest] = part.split("=").map((s) => s.trim());
    if (text === undefined || rest.length > 0) throw usage(`"${part}" is not layer=share`);
    if (!(IDENTITY_LAYERS as readonly string[]).includes(layer)) {
      throw usage(`unknown layer "${layer}"; layers: ${IDENTITY_LAYERS.join(", ")}`);
    }
    if (layer in bars) throw usage(`${layer} given twice`);
    bars[layer as IdentityLayer] = parseBar(layer, text);
  }
  return bars;
}

export interface LayerVerdict {
  layer: IdentityLayer;
  bar: number;
  /** taggedSpend / spend; null when there is no priced ledger spend to measure. */
  coverage: number | null;
  pass: boolean;
  spend: number;
  untaggedSpend: number;
  untaggedCalls: number;
}

/** One failure mode's untagged spend in one layer. */
export interface ModeCost {
  mode: string;
  calls: number;
  spend: number;
  firstDivergence: string | null;
  fix: string;
}

/** Each barred layer against its bar; a layer that cannot be measured fails. */
export function verdicts(audit: AuditResult, bars: CoverageBars): LayerVerdict[] {
  return IDENTITY_LAYERS.flatMap((layer) => {
    const bar = bars[layer];
    if (bar === undefined) return [];
    const c = audit.coverage.find((x) => x.layer === layer);
    const coverage = c?.coverage ?? null;
    return [
      {
        layer,
        bar,
        coverage,
        pass: coverage !== null && coverage >= bar,
        spend: c?.spend ?? 0,
        untaggedSpend: c?.untaggedSpend ?? 0,
        untaggedCalls: c?.untaggedCalls ?? 0,
      },
    ];
  });
}

/** The modes that cost `layer` the most untagged spend, most first. */
export function costliestModes(audit: AuditResult, layer: IdentityLayer, limit = 3): ModeCost[] {
  return audit.modes
    .flatMap((m) => {
      const l = m.layers.find((x) => x.layer === layer);
      if (l === undefined || l.calls === 0) return [];
      const firstDivergence = m.divergences[0]?.hop ?? null;
      return [{ mode: m.mode, calls: l.calls, spend: l.spend, firstDivergence, fix: m.fix }];
    })
    .sort((a, b) => b.spend - a.spend || b.calls - a.calls)
    .slice(0, limit);
}
