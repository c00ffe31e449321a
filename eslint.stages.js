// The pipeline's stages and what each may import (docs/ARCHITECTURE.md, "Stage
// import table"; a test checks that the table there says exactly this). Every
// stage may also import itself, src/results/ (the model) and src/errors.ts;
// results/ imports no stage at all.
export const stages = [
  "config",
  "plan",
  "process",
  "setup",
  "runners",
  "target",
  "history",
  "baseline",
  "reporters",
  "review",
  "export",
  "init",
  "orchestrate",
  "cli",
];

/** @type {Record<string, string[]>} */
export const allowedImports = {
  config: [],
  plan: ["config"],
  process: [],
  setup: ["process"],
  runners: ["config", "plan", "process", "setup"],
  target: ["config", "process"],
  history: ["config"],
  baseline: ["config", "history"],
  reporters: [],
  review: ["reporters"],
  export: ["config", "history"],
  init: ["config"],
  orchestrate: [
    "config",
    "plan",
    "process",
    "runners",
    "target",
    "history",
    "baseline",
    "reporters",
    "export",
  ],
  cli: stages.filter((s) => s !== "cli"),
};
