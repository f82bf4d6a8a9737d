import { DEFAULT_CONTRACT } from "../contract/default.js";
import type { IdentityContract } from "../contract/types.js";
import type { Sql } from "../engine/sql.js";

/** Options of the attribution audit. Every field is optional; defaults are listed per field. */
export interface AuditOptions {
  /** Identity contract: keys per layer, required layers, master keys (default DEFAULT_CONTRACT). */
  contract?: IdentityContract;
  /** Master/admin key hashes besides the contract's (default none). */
  masterKeyHashes?: readonly string[];
  /**
   * Per-call cost: a SELECT with columns `call_key String, cost Nullable(Float64)` over
   * `llm_calls` (default `callCostSql()`, the source's reported cost until pricing lands).
   */
  costSql?: Sql;
  /** Start-time tolerance of the fuzzy join and the trace-id join, in seconds (default 2). */
  matchWindowSeconds?: number;
  /** Largest gap between two attempts of one retry chain, in seconds (default 60). */
  retryWindowSeconds?: number;
  /** Example trace ids per failure mode (default 3). */
  examples?: number;
}

export interface ResolvedAuditOptions {
  contract: IdentityContract;
  /** The contract's master keys plus `masterKeyHashes`, lower-cased. */
  masterKeyHashes: readonly string[];
  /** Key-table keys marked `is_master` (or with no team) count as master keys. */
  learnMasterKeys: boolean;
  costSql: Sql | null;
  matchWindowSeconds: number;
  retryWindowSeconds: number;
  examples: number;
}

export function resolveAuditOptions(options: AuditOptions = {}): ResolvedAuditOptions {
  const contract = options.contract ?? DEFAULT_CONTRACT;
  return {
    contract,
    masterKeyHashes: [...contract.masterKeyHashes, ...(options.masterKeyHashes ?? [])].map((h) =>
      h.toLowerCase(),
    ),
    learnMasterKeys: contract.learnMasterKeys,
    costSql: options.costSql ?? null,
    matchWindowSeconds: options.matchWindowSeconds ?? 2,
    retryWindowSeconds: options.retryWindowSeconds ?? 60,
    examples: options.examples ?? 3,
  };
}

/** Seconds to nanoseconds as an integer SQL literal (our own numbers, never input). */
export function nanos(seconds: number): string {
  return String(Math.round(seconds * 1e9));
}
