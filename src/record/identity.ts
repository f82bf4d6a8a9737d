/** The three identity layers every call must keep (DESIGN.md section 2). */
export const IDENTITY_LAYERS = ["tenant", "team", "workload"] as const;
export type IdentityLayer = (typeof IDENTITY_LAYERS)[number];

/** Dimensions carried for rollups (team > project > feature), beside the three layers. */
export const DIMENSIONS = ["tenant", "team", "workload", "project", "feature"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Values that count as "missing" wherever an identity value is read (compared lower-cased, trimmed). */
export const MISSING_VALUES = [
  "",
  "null",
  "unknown",
  "unattributed",
  "none",
  "-",
  "undefined",
  "nil",
] as const;

/** Prefixes instrumentations put in front of user metadata keys (DESIGN.md section 2). */
export const METADATA_PREFIXES = [
  "ai.telemetry.metadata.",
  "traceloop.association.properties.",
  "langfuse.trace.metadata.",
  "langfuse.observation.metadata.",
  "metadata.",
  "app.",
] as const;

export function isMissing(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  return (MISSING_VALUES as readonly string[]).includes(value.trim().toLowerCase());
}
