export { DEFAULT_CONTRACT } from "./default.js";
export { loadContract, parseContract } from "./load.js";
export type { ContractFile } from "./schema.js";
export { contractFileSchema } from "./schema.js";
export type { ContractMode, IdentityContract } from "./types.js";
export { CONTRACT_MODES } from "./types.js";
