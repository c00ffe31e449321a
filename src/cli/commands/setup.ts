/**
 * `hyvve-qa setup [tools...]`: provide k6 — one on PATH at a supported
 * version, or the pinned version built from the Go module proxy into
 * .cache/k6/<version>/ and reused afterwards — and, when named, the other
 * pinned Go tools (jaeger, promtool: the real receivers of the project's own
 * telemetry tests). Idempotent: with everything present it only reports.
 */
import { UsageError } from "../../errors.js";
import { EXIT } from "../exit.js";

export async function setupCommand(tools: string[] = []): Promise<number> {
  const { GO_TOOLS, ensureGoTool } = await import("../../setup/go-build.js");
  const unknown = tools.filter((name) => !(name in GO_TOOLS));
  if (unknown.length > 0)
    throw new UsageError(
      `setup: unknown tool ${unknown.join(", ")}`,
      `name any of: ${Object.keys(GO_TOOLS).join(", ")}`,
    );
  const { ensureK6 } = await import("../../setup/k6-build.js");
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const started = performance.now();
  const k6 = await ensureK6(process.cwd(), process.env, log);
  log(`k6 ready: ${k6.path} (${k6.version}) in ${seconds(started)} s`);
  for (const name of tools) {
    const at = performance.now();
    const path = await ensureGoTool(process.cwd(), GO_TOOLS[name]!, process.env, log);
    log(`${name} ready: ${path} in ${seconds(at)} s`);
  }
  return EXIT.ok;
}

/** Seconds since `from`, one decimal. */
function seconds(from: number): string {
  return ((performance.now() - from) / 1000).toFixed(1);
}
