/**
 * `hyvve-qa setup`: provide k6 — one on PATH at a supported version, or the
 * pinned version built from the Go module proxy into .cache/k6/<version>/ and
 * reused afterwards. Idempotent: with k6 present it only reports which one.
 */
import { EXIT } from "../exit.js";

export async function setupCommand(): Promise<number> {
  const { ensureK6 } = await import("../../setup/k6-build.js");
  const started = performance.now();
  const k6 = await ensureK6(process.cwd(), process.env, (line) =>
    process.stdout.write(`${line}\n`),
  );
  process.stdout.write(
    `k6 ready: ${k6.path} (${k6.version}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return EXIT.ok;
}
