/**
 * The embedded reference app as an environment's stack: what `local` means
 * when the config names no stack of its own, and what a config may spread
 * into an environment itself (`local: { ...referenceStack() }`). It starts
 * through the same stack code as any team's stack; its web, agents and CCR
 * parts listen on ports of their own, as the spec's deployment has them.
 */
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EnvironmentConfig } from "../config/schema.js";

/**
 * dist/fixtures/reference-app/server/main.js, from src/target or dist/src/target alike.
 * Here, not in reference-app.ts: a config importing referenceStack must not load the
 * process supervisor.
 */
export function referenceAppEntry(): string {
  const fromDist = new URL("../../fixtures/reference-app/server/main.js", import.meta.url);
  const fromSrc = new URL("../../dist/fixtures/reference-app/server/main.js", import.meta.url);
  const here = fileURLToPath(import.meta.url);
  const built = here.endsWith(join("dist", "src", "target", basename(here)));
  return fileURLToPath(built ? fromDist : fromSrc);
}

/** The ready line's three URLs (fixtures/reference-app/server/main.ts prints it). */
const READY_LINE =
  '"services":\\{"web":"(?<web>[^"]+)","agents":"(?<agents>[^"]+)","ccr":"(?<ccr>[^"]+)"\\}';

export function referenceStack(): Pick<
  EnvironmentConfig,
  "throwawayToken" | "primary" | "services" | "stack"
> {
  return {
    throwawayToken: true,
    primary: "web",
    services: {
      web: { health: "/healthz" },
      agents: { health: "/healthz" },
      ccr: { health: "/ccr/health" },
    },
    stack: [
      {
        name: "reference-app",
        command: [process.execPath, referenceAppEntry()],
        env: {
          HYVVE_REF_TOKEN: "{token}",
          HYVVE_REF_HOST: "127.0.0.1",
          HYVVE_REF_PORT: "0",
          HYVVE_REF_AGENTS_PORT: "0",
          HYVVE_REF_CCR_PORT: "0",
          // hyvve-qa's own trace endpoint is not the app's (HYVVE_REF_OTLP_ENDPOINT is).
          OTEL_EXPORTER_OTLP_ENDPOINT: "",
        },
        ready: { log: READY_LINE, url: "{url.web}/healthz" },
        timeout: 20_000,
        reuse: false,
        stopTimeout: 3_000,
      },
    ],
  };
}
