// One lint config for the repo. Besides the recommended rules it enforces the
// pipeline's import rule (docs/ARCHITECTURE.md): a stage imports only the
// stages eslint.stages.js allows it and results/ (the model); reporters are
// pure functions of the model and may import nothing but results/. Functions
// in src/ fit on a screen (max-lines-per-function).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { allowedImports as allowed, stages } from "./eslint.stages.js";

const stageRules = Object.entries(allowed).map(([stage, may]) => ({
  files: [`src/${stage}/**/*.ts`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: stages
          .filter((other) => other !== stage && !may.includes(other))
          .map((other) => ({
            group: [`../${other}/*`, `../../${other}/*`, `../../../${other}/*`],
            message: `src/${stage} may not import src/${other} (pipeline import rule, see docs/ARCHITECTURE.md)`,
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
      // A team's repo as it is (the spec's style, its own lint): hyvve-qa runs it, it does not own it.
      "examples/**",
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
  {
    files: ["src/**/*.ts"],
    rules: {
      "max-lines-per-function": [
        "error",
        { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  ...stageRules,
  {
    // `report` re-reads results through the importers alone: no runner, no process, no target.
    // (This override replaces orchestrate's stage rule for the file, so it repeats it.)
    files: ["src/orchestrate/report.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../runners/*", "../process/*", "../target/*"],
              message: "report reads results through src/results/import/ only",
            },
            ...stages
              .filter((other) => other !== "orchestrate" && !allowed.orchestrate.includes(other))
              .map((other) => ({
                group: [`../${other}/*`],
                message: `src/orchestrate may not import src/${other} (pipeline import rule, see docs/ARCHITECTURE.md)`,
              })),
          ],
        },
      ],
    },
  },
  {
    files: ["src/results/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: stages.flatMap((s) => [`../${s}/*`, `../../${s}/*`]),
              message: "results/ is the model: it imports no stage",
            },
          ],
        },
      ],
    },
  },
);
