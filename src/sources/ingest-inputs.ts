import type { Engine } from "../engine/engine.js";
import { type IngestOptions, type IngestSummary, ingestFiles } from "../ingest/index.js";
import { ingestLitellmPostgres } from "./ingest-postgres.js";

/** A live LiteLLM database to read besides the files (`--gateway URL [--from] [--to]`). */
export interface GatewaySource {
  url: string;
  /** Default: 30 days before `to`. */
  from?: Date;
  /** Default: now. */
  to?: Date;
  pageSize?: number;
}

/**
 * `ingestFiles` plus, when given, a live LiteLLM database (read first, all or nothing; its
 * three tables are listed like three files). One summary over both, so every command that
 * reads inputs can take `--gateway` the same way.
 */
export async function ingestInputs(
  engine: Engine,
  paths: readonly string[],
  options: IngestOptions & { gateway?: GatewaySource },
): Promise<IngestSummary> {
  const { gateway, ...fileOptions } = options;
  const live =
    gateway === undefined
      ? []
      : await ingestLitellmPostgres(engine, { ...gateway, contract: options.contract });
  const files = await ingestFiles(engine, paths, fileOptions);
  if (live.length === 0) return files;
  const sum = (pick: (f: (typeof live)[number]) => number): number => live.reduce((n, f) => n + pick(f), 0);
  const read = sum((f) => f.read);
  const skipped = sum((f) => f.skipped);
  const t = files.totals;
  return {
    files: [...live, ...files.files],
    totals: {
      ...t,
      files: t.files + live.length,
      read: t.read + read,
      used: t.used + read - skipped,
      skipped: t.skipped + skipped,
      calls: t.calls + sum((f) => f.calls),
      gatewayCalls: t.gatewayCalls + sum((f) => f.gatewayCalls),
      issues: t.issues + sum((f) => f.issueCount),
    },
  };
}
