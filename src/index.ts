/** Public API: what a hyvve-qa.config.ts imports. */
export { defineConfig } from "./config/define.js";
export type { ConfigInput as HyvveQaConfig } from "./config/schema.js";
export type { RunResult, SuiteResult, CaseResult } from "./results/model.js";
/** The embedded reference app as an environment's stack: `local: { ...referenceStack() }`. */
export { referenceStack } from "./target/reference-stack.js";
