// Placeholder until the k6 adapter lands (being written now); fails loudly.
import { EnvironmentError } from "../errors.js";

export function k6Check(_cwd: string, _env: NodeJS.ProcessEnv): Promise<{ name: string; ok: boolean; detail: string; fix?: string }> {
  return Promise.resolve({ name: "k6", ok: false, detail: "not provided by this build" });
}

export function ensureK6(_cwd: string, _env: NodeJS.ProcessEnv, _log: (line: string) => void): Promise<{ path: string; version: string }> {
  return Promise.reject(new EnvironmentError("k6 setup is not available in this build", "see README"));
}
