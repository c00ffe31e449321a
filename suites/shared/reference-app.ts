import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Starts an instance of the BUILT reference app of the suite's own, for the
// checks that must configure the app at start-up (where its spans go, its
// sampling ratio). The app the CLI started is configured by the CLI.

export const REFERENCE_APP_ENTRY = fileURLToPath(
  new URL("../../dist/fixtures/reference-app/server/main.js", import.meta.url),
);

const READY_TIMEOUT_MS = 15_000;

export interface OwnApp {
  url: string;
  token: string;
  stop(): Promise<void>;
  /** An authorised fetch against this instance. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function startOwnReferenceApp(env: Record<string, string>): Promise<OwnApp> {
  if (!existsSync(REFERENCE_APP_ENTRY)) {
    throw new Error(`${REFERENCE_APP_ENTRY} is missing: build first (npm run build)`);
  }
  const token = randomBytes(18).toString("base64url");
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"],
    HOME: process.env["HOME"],
    NODE_ENV: "test",
    HYVVE_REF_HOST: "127.0.0.1",
    HYVVE_REF_PORT: "0",
    HYVVE_REF_TOKEN: token,
    // The regression under test applies to this instance too.
    ...(process.env["HYVVE_FAULTS"] ? { HYVVE_REF_FAULTS: process.env["HYVVE_FAULTS"] } : {}),
    ...env,
  };
  const child = spawn(process.execPath, [REFERENCE_APP_ENTRY], {
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-2_000));
  child.stderr.on("data", keep);
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`own reference app did not start: ${why}\n${log}`));
    };
    const timer = setTimeout(
      () => fail(`no ready line within ${READY_TIMEOUT_MS} ms`),
      READY_TIMEOUT_MS,
    );
    child.stdout.on("data", (chunk: Buffer) => {
      keep(chunk);
      stdout += chunk.toString();
      const line = stdout.split("\n").find((l) => l.includes('"event":"ready"'));
      if (!line) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code, signal) => fail(`exited (code ${code}, signal ${signal})`));
  });
  return {
    url,
    token,
    stop: () => stop(child),
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return fetch(`${url}${path}`, { ...init, headers });
    },
  };
}

/** SIGTERM, which makes the app flush its spans before exiting; SIGKILL after 5 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(killer);
}
