import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Fault } from "../../fixtures/reference-app/shared/faults.js";

// Starts the BUILT reference app as a child process, the way the CLI does,
// and waits for its ready line. Build first: `npx tsc -p tsconfig.build.json`.

export const SERVER_ENTRY = fileURLToPath(
  new URL("../../dist/fixtures/reference-app/server/main.js", import.meta.url),
);

const READY_TIMEOUT_MS = 15_000;
const LOG_TAIL_CHARS = 2_000;

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
}

export async function startReferenceApp(options: StartOptions = {}): Promise<ReferenceApp> {
  if (!existsSync(SERVER_ENTRY))
    throw new Error(`${SERVER_ENTRY} is missing: build first (npx tsc -p tsconfig.build.json)`);
  const token = randomBytes(18).toString("base64url");
  const env: NodeJS.ProcessEnv = { ...process.env, HYVVE_REF_TOKEN: token, HYVVE_REF_PORT: "0" };
  // A developer's shell must not leak tracing or faults into a test app.
  delete env["OTEL_EXPORTER_OTLP_ENDPOINT"];
  delete env["HYVVE_REF_FAULTS"];
  if (options.faults !== undefined) env["HYVVE_REF_FAULTS"] = JSON.stringify(options.faults);
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  const started = performance.now();
  const child = spawn(process.execPath, [SERVER_ENTRY], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-LOG_TAIL_CHARS);
  };
  child.stderr.on("data", append);

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`reference app did not start: ${reason}\n--- log tail ---\n${log}`));
    };
    const timer = setTimeout(
      () => fail(`no ready line within ${READY_TIMEOUT_MS} ms`),
      READY_TIMEOUT_MS,
    );
    child.stdout.on("data", (chunk: Buffer) => {
      append(chunk);
      stdout += chunk.toString();
      const line = stdout.split("\n").find((candidate) => candidate.includes('"event":"ready"'));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    child.once("error", (error) => fail(error.message));
  });
  const startupMs = performance.now() - started;
  child.removeAllListeners("exit");

  return { url, token, startupMs, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(killer);
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
