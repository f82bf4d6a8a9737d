import { SpendtrailError } from "../errors.js";
import { GenContext } from "./context.js";
import type { DemoWorkload } from "./model.js";
import { Rng } from "./random.js";
import { abTestRunner, campaignWriter, emailDigest, reportBuilder } from "./scenario-growth.js";
import { integrityPlants } from "./scenario-integrity.js";
import { docIndexer, nightlyBackfill } from "./scenario-platform.js";
import { researchAgent, searchApi } from "./scenario-search.js";
import { supportBot, triageWorker } from "./scenario-support.js";

/** The default seed: the same seed and scale always give byte-identical files. */
export const DEFAULT_SEED = 20261005;

export interface DemoOptions {
  /** PRNG seed (default DEFAULT_SEED). */
  seed?: number;
  /** Multiplies daily volumes and planted counts (default 1: ~3,800 calls; memory grows ~55 MB per unit; max 100). */
  scale?: number;
}

/** Scenarios run in this fixed order; each draws from the one shared PRNG. */
const SCENARIOS: readonly ((ctx: GenContext) => void)[] = [
  searchApi,
  researchAgent,
  supportBot,
  triageWorker,
  campaignWriter,
  reportBuilder,
  emailDigest,
  abTestRunner,
  docIndexer,
  nightlyBackfill,
  // Last, so the scenarios above draw the same random numbers with or without it.
  integrityPlants,
];

/** Generates the demo workload in memory (pure: no clock, no I/O). */
export function generateDemo(options: DemoOptions = {}): DemoWorkload {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new SpendtrailError("E_USAGE", `demo seed must be an integer from 0 to 4294967295, got ${seed}`);
  }
  if (!(scale > 0 && scale <= 100)) {
    throw new SpendtrailError("E_USAGE", `demo scale must be a number above 0 and at most 100, got ${scale}`);
  }
  const ctx = new GenContext(new Rng(seed), scale);
  for (const scenario of SCENARIOS) scenario(ctx);
  return { seed, scale, spans: ctx.spans, calls: ctx.calls };
}
