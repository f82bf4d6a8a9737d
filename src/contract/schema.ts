import { z } from "zod";
import { DIMENSIONS, IDENTITY_LAYERS } from "../record/identity.js";
import { CONTRACT_MODES } from "./types.js";

const keyList = z.array(z.string().trim().min(1, "a key must not be empty"));

/**
 * The identity contract file (YAML or JSON). Strict objects, so a misspelt field is an error
 * instead of a silently ignored setting.
 *
 * ```yaml
 * mode: extend            # extend (default): your keys first, then the defaults; replace: only yours
 * keys:
 *   tenant: [org_slug]
 *   team: [squad]
 * required: [tenant, team]
 * masterKeyHashes: [88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b]
 * learnMasterKeys: true
 * ```
 */
export const contractFileSchema = z.strictObject({
  mode: z.enum(CONTRACT_MODES).default("extend"),
  keys: z.strictObject(Object.fromEntries(DIMENSIONS.map((d) => [d, keyList.optional()]))).optional(),
  required: z.array(z.enum(IDENTITY_LAYERS)).optional(),
  masterKeyHashes: z.array(z.string().trim().min(1, "a key hash must not be empty")).optional(),
  learnMasterKeys: z.boolean().optional(),
});

export type ContractFile = z.infer<typeof contractFileSchema>;
