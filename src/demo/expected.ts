import type { IdentityLayer } from "../record/identity.js";
import { IDENTITY_LAYERS } from "../record/identity.js";
import { DAY_US, DEMO_DAYS, DEMO_START_US } from "./context.js";
import type { Tally } from "./expected-findings.js";
import {
  cacheFindings,
  callCost,
  priceDrift,
  retryFindings,
  substitution,
  tally,
  weekOverWeek,
} from "./expected-findings.js";
import { demoIdentityKeys } from "./identity-keys.js";
import type { DemoCall, DemoWorkload, FailureModeId } from "./model.js";
import { FAILURE_MODES } from "./model.js";
import { formatUsd } from "./prices.js";
import { PLANTED_JUMP } from "./scenario-support.js";

export interface ModeAnswer extends Tally {
  /** Per lost layer (a call counts once per mode, and once per layer here). */
  layers: Partial<Record<IdentityLayer, Tally>>;
  /** Calls whose lost layers are all still carried by other evidence. */
  recoverable_calls: number;
  /** Call-site services (the batch job's name for no_trace). */
  services: string[];
  /** `last hop with the value -> first hop without`, for modes that cross a hop; null otherwise. */
  first_divergence: string[] | null;
}

const DEFINITIONS = [
  "spend_usd: rate-card cost from prices.yaml with exclusive buckets (uncached input, cache read, cache write, output), priced by the served model at the call's start time; gateway cache hits and attempts without usage cost 0.",
  "untagged and modes: calls whose gateway row lacks the layer (team_id column; end_user or spend_logs_metadata.tenant_id; spend_logs_metadata.workflow_id); every other row carries all three layers.",
  "week_over_week: output tokens of calls that reached a provider (gateway cache hits excluded), by the team owning the calling service, per ISO week starting Monday.",
  "amounts: decimal strings rounded half away from zero to 1e-6 USD, summed exactly before rounding.",
] as const;

function divergence(mode: FailureModeId, call: DemoCall): string | null {
  if (mode === "gateway_header_filter") return "ai-gateway -> litellm-proxy";
  if (mode === "master_key_fallback" || mode === "stream_close_late" || mode === "retry_header_strip") {
    return `${call.service} -> litellm-proxy`;
  }
  return null;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

function modeAnswer(mode: FailureModeId, calls: readonly DemoCall[]): ModeAnswer {
  const inMode = calls.filter((c) => Object.values(c.lost).includes(mode));
  const layers: ModeAnswer["layers"] = {};
  for (const layer of IDENTITY_LAYERS) {
    const lostHere = inMode.filter((c) => c.lost[layer] === mode);
    if (lostHere.length > 0) layers[layer] = tally(lostHere);
  }
  const recoverable = inMode.filter((c) =>
    IDENTITY_LAYERS.every((l) => c.lost[l] !== mode || c.recoverable[l] === true),
  );
  const divergences = inMode.map((c) => divergence(mode, c)).filter((d): d is string => d !== null);
  return {
    ...tally(inMode),
    layers,
    recoverable_calls: recoverable.length,
    services: sorted(inMode.map((c) => c.service)),
    first_divergence: divergences.length === 0 ? null : sorted(divergences),
  };
}

function byTeam(calls: readonly DemoCall[]): Record<string, Tally> {
  const out: Record<string, Tally> = {};
  for (const team of sorted(calls.map((c) => c.team)))
    out[team] = tally(calls.filter((c) => c.team === team));
  return out;
}

/** The planted answer, computed from the generator's ground truth (expected.json). */
export function expectedAnswer(w: DemoWorkload) {
  const { calls } = w;
  const ledger = calls.filter((c) => c.row !== null);
  const bypass = calls.filter((c) => c.row === null);
  const untagged = {} as Record<IdentityLayer, Tally>;
  for (const layer of IDENTITY_LAYERS)
    untagged[layer] = tally(ledger.filter((c) => c.lost[layer] !== undefined));
  const modes = {} as Record<FailureModeId, ModeAnswer>;
  for (const mode of FAILURE_MODES) modes[mode] = modeAnswer(mode, ledger);
  const sum = (list: readonly DemoCall[]) => list.reduce((s, c) => s + callCost(c), 0n);
  return {
    schemaVersion: 1,
    generator: {
      seed: w.seed,
      scale: w.scale,
      start: new Date(DEMO_START_US / 1000).toISOString(),
      end: new Date((DEMO_START_US + DEMO_DAYS * DAY_US) / 1000).toISOString(),
    },
    definitions: DEFINITIONS,
    counts: {
      calls: calls.length,
      ledger_calls: ledger.length,
      traced_calls: calls.filter((c) => c.traceId !== null).length,
      spans: w.spans.length,
      traces: new Set(w.spans.map((s) => s.traceId)).size,
    },
    spend: {
      total_usd: formatUsd(sum(calls)),
      ledger_usd: formatUsd(sum(ledger)),
      outside_ledger_usd: formatUsd(sum(bypass)),
      gateway_reported_usd: formatUsd(ledger.reduce((s, c) => s + (c.row?.gatewaySpendPico ?? 0n), 0n)),
    },
    untagged,
    modes,
    gateway_bypass: { ...tally(bypass), services: sorted(bypass.map((c) => c.service)) },
    retries: retryFindings(calls),
    cache: cacheFindings(calls),
    substitution: substitution(calls),
    week_over_week: weekOverWeek(calls, PLANTED_JUMP),
    price_change: priceDrift(calls),
    by_team: byTeam(calls),
    identity_keys: demoIdentityKeys(),
  };
}

export type ExpectedAnswer = ReturnType<typeof expectedAnswer>;
