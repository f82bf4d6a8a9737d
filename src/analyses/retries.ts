import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import type { CallStatus } from "../record/call.js";
import { type FindingOptions, findingCalls } from "./callSet.js";
import {
  RETRY_ATTEMPTS,
  retryAttemptsSql,
  retryChainsSql,
  retryGroupsSql,
  retryTopChainsSql,
  retryTotalsSql,
} from "./retrySql.js";

/**
 * Retry chains (DESIGN.md section 6): attempts of one logical request and what the extra
 * attempts cost. The chaining rule is `retryAttemptsSql`'s; prices come from `pricedSpendSql`.
 */

export interface RetryOptions extends FindingOptions {
  /** Largest gap from one attempt's end to the next one's start, in seconds (default 60). */
  windowSeconds?: number;
  /** Chains listed in `topChains`, most extra spend first (default 20). */
  listChains?: number;
}

/** One chain of two or more attempts. */
export interface RetryChain {
  traceId: string;
  /** The first service stated on any attempt, else "(unknown)". */
  service: string;
  /** The first team stated on any attempt, else "(untagged)". */
  team: string;
  requestModel: string;
  attempts: number;
  /** Status of each attempt in start order. */
  statuses: CallStatus[];
  finalStatus: CallStatus;
  /** USD of all attempts. */
  spend: string;
  /** USD of all attempts but a successful last one. */
  extraSpend: string;
  /** Start of the first attempt (`YYYY-MM-DD hh:mm:ss.fffffffff`, UTC). */
  startTime: string;
}

/** Chains per team and service. */
export interface RetryGroup {
  team: string;
  service: string;
  chains: number;
  extraAttempts: number;
  extraSpend: string;
  exampleTraceIds: string[];
}

export interface RetryReport {
  chains: number;
  /** Attempts beyond the first of each chain. */
  extraAttempts: number;
  /** USD; exact decimal text. */
  extraSpend: string;
  /** Chains whose last attempt succeeded (`ok` or `cache_hit`). */
  succeeded: number;
  /** Extra attempts that reported usage of a model the rate card does not price (counted as 0 USD). */
  unpricedAttempts: number;
  /** Most extra spend first. */
  byTeamService: RetryGroup[];
  /** The chains with the most extra spend. */
  topChains: RetryChain[];
}

interface TotalsRow {
  chains: number;
  extra_attempts: number;
  extra_usd: string;
  succeeded: number;
  unpriced_attempts: number;
}

interface GroupRow {
  team_label: string;
  service: string;
  chains: number;
  extra_attempts: number;
  extra_usd: string;
  example_trace_ids: string[];
}

interface ChainRow {
  trace_id: string;
  service: string;
  team_label: string;
  req_model: string;
  attempts: number;
  statuses: CallStatus[];
  final_status: CallStatus;
  spend_usd: string;
  extra_usd: string;
  start_time: string;
}

function toGroup(g: GroupRow): RetryGroup {
  return {
    team: g.team_label,
    service: g.service,
    chains: g.chains,
    extraAttempts: g.extra_attempts,
    extraSpend: g.extra_usd,
    exampleTraceIds: g.example_trace_ids,
  };
}

function toChain(r: ChainRow): RetryChain {
  return {
    traceId: r.trace_id,
    service: r.service,
    team: r.team_label,
    requestModel: r.req_model,
    attempts: r.attempts,
    statuses: r.statuses,
    finalStatus: r.final_status,
    spend: r.spend_usd,
    extraSpend: r.extra_usd,
    startTime: r.start_time,
  };
}

/**
 * Finds retry chains in the finding call set and prices their extra attempts. Failed attempts
 * without usage cost 0, so extra spend comes from attempts that reported usage. Needs
 * `rate_card` loaded for the calls.
 */
export async function retryChains(engine: Engine, options: RetryOptions = {}): Promise<RetryReport> {
  const calls = await findingCalls(engine, options);
  const attempts = retryAttemptsSql(calls, options.windowSeconds ?? 60);
  await engine.exec(
    sql(
      `CREATE OR REPLACE TABLE ${RETRY_ATTEMPTS} ENGINE = MergeTree ORDER BY call_key AS ${attempts.text}`,
      attempts.params,
    ),
  );
  const chains = retryChainsSql(calls);
  const [totals] = await engine.query<TotalsRow>(retryTotalsSql(chains));
  const groups = await engine.query<GroupRow>(retryGroupsSql(chains, options.examples ?? 3));
  const top = await engine.query<ChainRow>(retryTopChainsSql(chains, options.listChains ?? 20));
  return {
    chains: totals?.chains ?? 0,
    extraAttempts: totals?.extra_attempts ?? 0,
    extraSpend: totals?.extra_usd ?? "0",
    succeeded: totals?.succeeded ?? 0,
    unpricedAttempts: totals?.unpriced_attempts ?? 0,
    byTeamService: groups.map(toGroup),
    topChains: top.map(toChain),
  };
}
