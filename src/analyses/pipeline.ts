import type { Engine } from "../engine/engine.js";
import type { Sql } from "../engine/sql.js";
import { buildRetryChains } from "./auditRetries.js";
import { buildCallFacts } from "./callFacts.js";
import { buildGatewayCalls, buildSpanCalls, buildSpanGroups } from "./callTables.js";
import { buildCaptureEvidence } from "./captureEvidence.js";
import { buildCallCost } from "./cost.js";
import { buildLinkedEvidence, buildSpanValues, buildTraceEvidence } from "./evidence.js";
import { buildCallLinks } from "./join.js";
import { buildLayerFacts } from "./layerFacts.js";
import type { ResolvedAuditOptions } from "./options.js";
import { buildLinkEnds, buildPathSpans, buildPaths } from "./paths.js";
import { buildSpanNodes, buildSpanTree } from "./spanTree.js";

/**
 * The audit's working tables, in build order. Each statement replaces its table, so a run
 * always reflects the current inputs. The analyses then only read `call_links`,
 * `audit_calls`, `audit_layers`, `audit_groups` and the candidates of the joins.
 */
export function auditStatements(options: ResolvedAuditOptions): Sql[] {
  return [
    buildCallCost(options.costSql),
    buildSpanNodes(options.contract),
    buildSpanTree(),
    buildGatewayCalls(),
    buildSpanCalls(),
    ...buildCallLinks(options.matchWindowSeconds),
    buildSpanGroups(),
    buildLinkEnds(),
    ...buildCaptureEvidence(options.matchWindowSeconds, options.masterKeyHashes, options.learnMasterKeys),
    buildPathSpans(),
    buildPaths(),
    buildLinkedEvidence(),
    buildTraceEvidence(),
    buildSpanValues(),
    buildRetryChains(options.retryWindowSeconds),
    buildCallFacts(options.masterKeyHashes, options.learnMasterKeys),
    buildLayerFacts(options.contract.required),
  ];
}

/** Builds the working tables through the engine. */
export async function buildAuditTables(engine: Engine, options: ResolvedAuditOptions): Promise<void> {
  for (const statement of auditStatements(options)) await engine.exec(statement);
}
