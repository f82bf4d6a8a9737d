import { ChdbEngine, type ChdbOptions } from "./chdb.js";
import type { Engine } from "./engine.js";

export type { ChdbOptions } from "./chdb.js";
export { ChdbEngine } from "./chdb.js";
export type { Engine, EngineKind, LocalFile, TableName } from "./engine.js";
export { ENGINE_KINDS, TABLES } from "./engine.js";
export { applySchema } from "./schema.js";
export type { Sql } from "./sql.js";
export { splitStatements, sql } from "./sql.js";

/** Opens the default engine: embedded chdb, in `dir` or a temporary directory. */
export function openEngine(options: ChdbOptions = {}): Promise<Engine> {
  return ChdbEngine.open(options);
}
