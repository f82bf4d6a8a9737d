export type { ExpectedAnswer, ModeAnswer } from "./expected.js";
export type { DemoOptions } from "./generate.js";
export { DEFAULT_SEED, generateDemo } from "./generate.js";
export type { DemoCall, DemoSpan, DemoWorkload, FailureModeId } from "./model.js";
export { FAILURE_MODES } from "./model.js";
export type { DemoFile, RenderedDemo } from "./write.js";
export { DEMO_FILES, renderDemo, writeDemo } from "./write.js";
