// One lint config for the repo. Besides the recommended rules it enforces the
// pipeline's import rule (ARCHITECTURE.md): a stage imports only from stages
// to its left and from results/ (the model); reporters are pure functions of
// the model and may import nothing but results/.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const stages = ["config", "plan", "runners", "target", "baseline", "reporters", "cli"];
// What each stage may import (besides itself, results/ and src/errors.ts).
const allowed = {
  config: [],
  plan: ["config"],
  runners: ["config", "plan"],
  target: ["config", "plan", "runners"],
  baseline: ["config"],
  reporters: [],
  cli: stages,
};

const stageRules = Object.entries(allowed).map(([stage, may]) => ({
  files: [`src/${stage}/**/*.ts`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: stages
          .filter((other) => other !== stage && !may.includes(other))
          .map((other) => ({
            group: [`../${other}/*`, `../../${other}/*`],
            message: `src/${stage} may not import src/${other} (pipeline import rule, see ARCHITECTURE.md)`,
          })),
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "reports/**",
      ".cache/**",
      "test-results/**",
      "**/*.min.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        performance: "readonly",
        fetch: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        window: "readonly",
        document: "readonly",
        localStorage: "readonly",
        navigator: "readonly",
        __ENV: "readonly",
        __VU: "readonly",
        __ITER: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        structuredClone: "readonly",
        queueMicrotask: "readonly",
        WebSocket: "readonly",
        EventSource: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  ...stageRules,
  {
    files: ["src/results/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: stages.map((s) => `../${s}/*`),
              message: "results/ is the model: it imports no stage",
            },
          ],
        },
      ],
    },
  },
);
