import type { Engine } from "../engine/engine.js";
import { sql } from "../engine/sql.js";
import type { ReconcileProblem, ReconcileSource } from "./reconcileTypes.js";

/**
 * The provider report buckets stored in `provider_usage`, and which of them count: exports
 * of the same provider and report that cover the same time (two files of overlapping
 * windows) are counted once, from the file whose name sorts first.
 */

export interface Bucket {
  provider: string;
  report: "usage" | "cost";
  file: string;
  /** `YYYY-MM-DD HH:MM:SS` UTC. */
  start: string;
  end: string;
  day: string;
  organization: string | null;
  /** Results in the bucket (0 for an empty bucket). */
  results: number;
  /** Results with no model (the report was not grouped by model). */
  ungrouped: number;
}

/** The key `provider_usage` rows are kept by (see `bucketKeySql`). */
export function bucketKey(b: Pick<Bucket, "provider" | "report" | "file" | "start">): string {
  return `${b.provider}|${b.report}|${b.file}|${b.start}`;
}

/** SQL of `bucketKey` over `provider_usage` columns. */
export const BUCKET_KEY_SQL = "concat(provider, '|', report, '|', source_file, '|', toString(bucket_start))";

/** Every stored bucket, by provider, report, file and start. */
export async function readBuckets(engine: Engine): Promise<Bucket[]> {
  return engine.query<Bucket>(
    sql(`SELECT provider, report, source_file AS file, toString(bucket_start) AS start,
  toString(bucket_end) AS end, toString(any(day)) AS day,
  anyIf(organization_id, organization_id IS NOT NULL) AS organization,
  toUInt32(countIf(NOT bucket_only)) AS results, toUInt32(countIf(NOT bucket_only AND model IS NULL)) AS ungrouped
FROM provider_usage
GROUP BY provider, report, source_file, bucket_start, bucket_end
ORDER BY provider, report, file, start`),
  );
}

/** Items grouped by key, groups and items in input order (Map.groupBy needs Node 21). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

interface Span {
  start: string;
  end: string;
}

/** Index of the first span ending after `at` (spans sorted and disjoint). */
function firstEndingAfter(spans: readonly Span[], at: string): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid]?.end ?? "") > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function overlaps(spans: readonly Span[], b: Span): boolean {
  const next = spans[firstEndingAfter(spans, b.start)];
  return next !== undefined && next.start < b.end;
}

/** Buckets kept and, per later file, how many of its buckets an earlier file already covers. */
export function keepBuckets(buckets: readonly Bucket[]): { kept: Bucket[]; problems: ReconcileProblem[] } {
  const kept: Bucket[] = [];
  const problems: ReconcileProblem[] = [];
  const groups = groupBy(buckets, (b) => `${b.provider}|${b.report}`);
  for (const group of groups.values()) {
    let covered: Span[] = [];
    for (const [file, own] of groupBy(group, (b) => b.file)) {
      const fresh = own.filter((b) => !overlaps(covered, b));
      kept.push(...fresh);
      const dropped = own.length - fresh.length;
      if (dropped > 0) problems.push(overlapProblem(own[0] as Bucket, file, dropped));
      covered = [...covered, ...fresh].sort((a, b) => a.start.localeCompare(b.start));
    }
  }
  return { kept, problems };
}

function overlapProblem(first: Bucket, file: string, dropped: number): ReconcileProblem {
  return {
    code: "overlapping_exports",
    severity: "warning",
    provider: first.provider,
    count: dropped,
    message: `${dropped} ${first.report} bucket(s) of ${file} cover time an earlier file of ${first.provider} already covers; they were counted once, from the earlier file`,
  };
}

/** One line per file read: what it covers. */
export function sourcesOf(buckets: readonly Bucket[]): ReconcileSource[] {
  return [...groupBy(buckets, (b) => b.file).entries()].map(([file, own]) => {
    const days = own.map((b) => b.day).sort();
    const first = own[0] as Bucket;
    return {
      file,
      provider: first.provider,
      report: first.report,
      from: days[0] ?? "",
      to: days.at(-1) ?? "",
      buckets: own.length,
      organization: own.find((b) => b.organization !== null)?.organization ?? null,
    };
  });
}
