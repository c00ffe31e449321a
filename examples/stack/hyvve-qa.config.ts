import { defineConfig } from "hyvve-qa";

// Three services, each its own process: web (the HYVVE app), agents
// (AgentOS) and ccr (the model router). `local` starts them with the stack
// below and stops them after the run; `staging` tests deployed ones. Suites
// reach a service only through `{url.<name>}` and `{token.<name>}`, so the
// same suites run against either.
export default defineConfig({
  environments: {
    local: {
      // A fresh random token per run: the stack gets it as `{token}`, suites too.
      throwawayToken: true,
      // What `{url}`, HYVVE_BASE_URL and --base-url mean.
      primary: "web",
      // No url here: each URL comes from its stack entry's ready line (PORT=0).
      services: {
        web: { health: "/healthz" },
        agents: { health: "/healthz" },
        ccr: { health: "/ccr/health" },
      },
      // Started in this order, each waited for before the next; all stopped after the run.
      // Output: <run folder>/stack/<name>.log.
      stack: [
        {
          name: "agents",
          command: ["node", "services/agents.mjs"],
          env: { PORT: "0", AGENTS_TOKEN: "{token}" },
          // The named group sets services.agents' URL from the line it prints.
          ready: { log: "agents listening on (?<agents>http://\\S+)" },
          timeout: 10_000,
        },
        {
          name: "ccr",
          command: ["node", "services/ccr.mjs"],
          // Known by now: agents is up, so ccr can be told where it is.
          env: { PORT: "0", AGENTS_URL: "{url.agents}" },
          // Both must pass: the line (which gives the URL), then its health route.
          ready: {
            log: "ccr listening on (?<ccr>http://\\S+)",
            url: "{url.ccr}/ccr/health",
          },
          timeout: 10_000,
        },
        {
          name: "web",
          command: ["node", "services/web.mjs"],
          env: { PORT: "0", AGENTS_URL: "{url.agents}" },
          ready: { log: "web listening on (?<web>http://\\S+)" },
          timeout: 10_000,
        },
      ],
    },
    staging: {
      // Deployed services: URLs and tokens come from CI variables, never this file.
      primary: "web",
      tokenEnv: "HYVVE_STAGING_TOKEN",
      services: {
        web: { urlEnv: "WEB_URL", health: "/healthz" },
        agents: { urlEnv: "AGENTS_URL", tokenEnv: "AGENTS_TOKEN", health: "/healthz" },
        ccr: { urlEnv: "CCR_URL", health: "/ccr/health" },
      },
    },
  },
  suites: {
    web: {
      kind: "e2e",
      runner: "vitest",
      files: ["tests/web/*.test.ts"],
      env: { WEB_URL: "{url.web}" },
      timeout: 60_000,
    },
    agents: {
      kind: "load",
      runner: "k6",
      files: ["tests/load/a2a.js"],
      // Measures the machine: runs alone, after the others.
      exclusive: true,
      // Run the script's own 2 VUs for 3 s, not the smoke profile's override.
      smoke: false,
      // {token.agents}: the agents' own token (staging: $AGENTS_TOKEN), else the environment's.
      env: { BASE_URL: "{url.agents}", AUTH_TOKEN: "{token.agents}" },
      timeout: 60_000,
    },
    ccr: {
      kind: "ccr",
      runner: "pytest",
      // Debian's python3-pytest; a venv's python works too (".venv/bin/python").
      python: "/usr/bin/python3",
      files: ["tests/ccr/test_ccr.py"],
      env: { CCR_URL: "{url.ccr}" },
      timeout: 60_000,
    },
  },
});
