import type { Dimension, IdentityLayer } from "../record/identity.js";

/**
 * Which attribute / column / metadata keys carry each identity dimension, in priority order
 * (DESIGN.md section 2). A key matches exactly, under the metadata prefixes, as a Helicone
 * property, as a captured header and inside JSON metadata attributes.
 */
export interface IdentityContract {
  /** Keys per dimension, highest priority first. */
  readonly keys: Readonly<Record<Dimension, readonly string[]>>;
  /** Layers a call must carry; the others are reported but never counted as untagged. */
  readonly required: readonly IdentityLayer[];
  /** sha256 hashes of the gateway's master/admin keys. */
  readonly masterKeyHashes: readonly string[];
  /** Also treat a key-table key with no team as a master key. */
  readonly learnMasterKeys: boolean;
  /** `default`, or the file the contract was loaded from (for messages). */
  readonly source: string;
}

/** How a user file combines with the default contract. */
export const CONTRACT_MODES = ["extend", "replace"] as const;
export type ContractMode = (typeof CONTRACT_MODES)[number];
