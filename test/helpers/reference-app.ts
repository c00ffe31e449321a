import { spawn } from "node:child_process";
import type { Fault } from "../../fixtures/reference-app/shared/faults.js";
import { launchReferenceApp, referenceAppEntry } from "../../src/target/reference-app.js";

// Starts the BUILT reference app the way the CLI does (same launcher, same
// supervisor). Build first: `npm run build`.

export const SERVER_ENTRY = referenceAppEntry();

const READY_TIMEOUT_MS = 15_000;

export interface ReferenceApp {
  url: string;
  token: string;
  /** Milliseconds from spawn to the ready line. */
  startupMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  faults?: Fault[];
  env?: Record<string, string | undefined>;
  /** The test token; a random one when absent. */
  token?: string;
  /** Every line the app prints, stdout and stderr, as it arrives (until it has exited). */
  onLog?: (line: string) => void;
}

export async function startReferenceApp(options: StartOptions = {}): Promise<ReferenceApp> {
  // Only what the test asks for: a developer's shell must not leak tracing or faults in.
  const env: Record<string, string | undefined> = { ...options.env };
  if (options.faults !== undefined) env["HYVVE_REF_FAULTS"] = JSON.stringify(options.faults);
  const app = await launchReferenceApp({
    env,
    readyTimeoutMs: READY_TIMEOUT_MS,
    token: options.token,
    onLog: options.onLog,
  });
  return { url: app.url, token: app.token, startupMs: app.startupMs, stop: app.stop };
}

/** Spawns the server expecting it to refuse to start; resolves with its exit code and stderr. */
export async function expectStartFailure(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, HYVVE_REF_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) =>
    child.once("exit", (exitCode) => resolve(exitCode)),
  );
  return { code, stderr };
}
