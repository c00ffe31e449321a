/** `hyvve-qa setup`: provide k6 (on PATH at a supported version, or built from the Go module proxy). */
import { EXIT } from "../exit.js";

export async function setupCommand(): Promise<number> {
  const { ensureK6 } = await import("../../runners/k6-binary.js");
  const k6 = await ensureK6(process.cwd(), process.env, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`k6 ready: ${k6.path} (${k6.version})\n`);
  return EXIT.ok;
}
