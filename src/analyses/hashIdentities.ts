import { createHash } from "node:crypto";
import { IDENTITY_LAYERS, type IdentityLayer, isMissing } from "../record/identity.js";

/**
 * `--hash-identities`: identity values in a report replaced by salted hashes, so a report can
 * be shared without naming customers. The same value and salt always give the same hash, so
 * rows still group and compare; placeholders like `(untagged)` stay as they are.
 */

/** Hex digits kept of the sha256. 16 hex = 64 bits: no collisions at report sizes. */
const HASH_HEX = 16;

/** `h:` + the first 16 hex of sha256(salt, NUL, value); missing values and placeholders unchanged. */
export function hashIdentity(value: string, salt = ""): string {
  if (isMissing(value) || /^\(.*\)$/.test(value) || value.startsWith("h:")) return value;
  const digest = createHash("sha256").update(salt).update("\u0000").update(value).digest("hex");
  return `h:${digest.slice(0, HASH_HEX)}`;
}

export interface HashOptions {
  /** Salt of the hash (default ''): use a secret one so values cannot be guessed back. */
  salt?: string;
  /** Layers whose values are hashed (default all three). */
  layers?: readonly IdentityLayer[];
}

interface Row {
  key: string;
}
interface Node extends Row {
  children: Node[];
}

/**
 * The parts of the audit report that hold identity values (structurally, so analyses need no
 * import from reports/). Every part is optional: a report without it is left alone.
 */
export interface HashableReport {
  recoverable?: { layer: IdentityLayer; values: { value: string }[] }[];
  rollups?: { teams?: Node[]; tenants?: Row[]; teamDays?: (Row & { team: string })[] };
  retries?: { byTeamService?: { team: string }[]; topChains?: { team: string }[] };
  timeline?: TimelineLike;
  timelines?: TimelineLike[];
}

interface TimelineLike {
  events?: { identity?: Partial<Record<IdentityLayer, string | null>> }[];
}

/**
 * A copy of the report with identity values hashed: recovered values, rollup teams and
 * tenants, retry teams, and the identities of embedded timelines (`timeline`, `timelines`). Call it on the report model before any renderer.
 */
export function hashReportIdentities<T extends HashableReport>(report: T, options: HashOptions = {}): T {
  const out = structuredClone(report);
  const layers = new Set(options.layers ?? IDENTITY_LAYERS);
  const h = (layer: IdentityLayer, value: string): string =>
    layers.has(layer) ? hashIdentity(value, options.salt) : value;
  for (const layer of out.recoverable ?? []) {
    for (const v of layer.values) v.value = h(layer.layer, v.value);
  }
  // Only the top level of the team tree is a team; projects and features are not identity layers.
  for (const team of out.rollups?.teams ?? []) team.key = h("team", team.key);
  for (const tenant of out.rollups?.tenants ?? []) tenant.key = h("tenant", tenant.key);
  for (const day of out.rollups?.teamDays ?? []) day.team = h("team", day.team);
  for (const group of out.retries?.byTeamService ?? []) group.team = h("team", group.team);
  for (const chain of out.retries?.topChains ?? []) chain.team = h("team", chain.team);
  for (const timeline of [out.timeline ?? {}, ...(out.timelines ?? [])]) {
    for (const event of timeline.events ?? []) hashIdentityRecord(event.identity, h);
  }
  return out;
}

/** Hashes a `{ tenant, team, workload }` record in place (null values stay null). */
export function hashIdentityRecord(
  identity: Partial<Record<IdentityLayer, string | null>> | undefined,
  h: (layer: IdentityLayer, value: string) => string,
): void {
  if (identity === undefined) return;
  for (const layer of IDENTITY_LAYERS) {
    const value = identity[layer];
    if (typeof value === "string") identity[layer] = h(layer, value);
  }
}
