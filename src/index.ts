/**
 * spendtrail as a library: open an engine, ingest files, read the normalised calls.
 * The CLI (`spendtrail`) is a thin shell over these.
 */
export type { CallFilterKey, CallsFilter } from "./analyses/calls.js";
export { CALL_FILTER_KEYS, callsQuery } from "./analyses/calls.js";
export type { IdentityContract } from "./contract/index.js";
export { DEFAULT_CONTRACT, loadContract } from "./contract/index.js";
export type { ChdbOptions, Engine, LocalFile, Sql, TableName } from "./engine/index.js";
export { openEngine, sql } from "./engine/index.js";
export type { ErrorCode } from "./errors.js";
export { ConfigError, EngineError, InputError, SpendtrailError } from "./errors.js";
export type {
  FormatReader,
  ReadCounts,
  ReadIssue,
  RecordKind,
  RecordSink,
  Sample,
} from "./formats/reader.js";
export type { FormatId } from "./formats/registry.js";
export { detectFormat, READERS } from "./formats/registry.js";
export { openInput } from "./formats/source.js";
export type {
  FileSummary,
  IngestOptions,
  IngestProgress,
  IngestSummary,
  IngestTotals,
} from "./ingest/index.js";
export { ingestFiles } from "./ingest/index.js";
export type {
  CallSource,
  CallStatus,
  Dimension,
  GatewayKeyRow,
  GatewayRow,
  GatewayTeamRow,
  IdentityLayer,
  LlmCall,
  SpanRow,
  TokenBuckets,
} from "./record/index.js";
export { CALL_STATUSES, DIMENSIONS, IDENTITY_LAYERS } from "./record/index.js";
