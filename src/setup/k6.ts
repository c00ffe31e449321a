/**
 * Which k6 runs the load suites, and how to get one. In order:
 *   1. $HYVVE_K6 (an explicit binary),
 *   2. the pinned build cached inside the project: .cache/k6/<version>/k6,
 *      else in hyvve-qa's own folder (a config elsewhere in this clone),
 *   3. a k6 on PATH at a supported version (v2.x),
 * otherwise `hyvve-qa setup` builds (k6-build.ts) the pinned version from the Go module
 * proxy into the cache (reused afterwards). The proxy has no @latest list for
 * go.k6.io/k6/v2, so `go install …@version` cannot resolve it; the build uses
 * a throw-away module that requires the pinned version instead.
 * k6 always runs with K6_AUTO_EXTENSION_RESOLUTION=false (no network).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { EnvironmentError } from "../errors.js";
import { succeeded } from "../process/process-end.js";
import { runSupervised } from "../process/supervisor.js";

export const K6_VERSION = "v2.2.0";
export const K6_MODULE = "go.k6.io/k6/v2";
export const SUPPORTED_MAJOR = 2;
export const DEFAULT_GOPROXY = "https://proxy.golang.org";

export interface K6Binary {
  path: string;
  version: string;
  source: "env" | "cache" | "path" | "built";
}

/** Env every k6 child gets on top of the run's env. */
export function k6Env(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    ...env,
    K6_AUTO_EXTENSION_RESOLUTION: "false",
    K6_NO_USAGE_REPORT: "true",
    NO_COLOR: "1",
  };
}

/** hyvve-qa's own package folder (from src/setup or dist/src/setup alike). */
function ownPackageRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(`${sep}dist${sep}`) ? resolve(here, "../../..") : resolve(here, "../..");
}

/** The project root: the nearest folder up from `cwd` with hyvve-qa.config.ts (or package.json), else cwd. */
export function projectRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "hyvve-qa.config.ts"))) return dir;
    if (dirname(dir) === dir) break;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

export function cachedK6Path(root: string, version = K6_VERSION): string {
  return join(root, ".cache", "k6", version, "k6");
}

/** `k6 version` → "v2.2.0", or undefined when it does not run. */
export async function k6Version(path: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const r = await runSupervised(path, ["version"], {
    cwd: process.cwd(),
    env: k6Env({ ...env }),
    timeoutMs: 15_000,
  });
  if (!succeeded(r.end)) return undefined;
  return /k6 (v\d+\.\d+\.\d+\S*)/.exec(r.stdout)?.[1];
}

export function isSupportedVersion(version: string | undefined): boolean {
  const major = /^v(\d+)\./.exec(version ?? "")?.[1];
  return major !== undefined && Number(major) === SUPPORTED_MAJOR;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env["PATH"] ?? "").split(":")) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Go on PATH, or where the official tarball (and this machine image) puts it. */
export function findGo(env: NodeJS.ProcessEnv): string | undefined {
  return (
    onPath("go", env) ?? ["/usr/local/go/bin/go", "/usr/lib/go/bin/go"].find((p) => existsSync(p))
  );
}

/** The k6 to use, without building anything; undefined when there is none. */
export async function findK6(cwd: string, env: NodeJS.ProcessEnv): Promise<K6Binary | undefined> {
  const explicit = env["HYVVE_K6"];
  if (explicit) {
    const version = await k6Version(explicit, env);
    if (!isSupportedVersion(version)) {
      throw new EnvironmentError(
        `HYVVE_K6=${explicit} is not a supported k6 (${version ?? "does not run"}; need v${SUPPORTED_MAJOR}.x)`,
        "unset HYVVE_K6 to use the pinned build (hyvve-qa setup)",
      );
    }
    return { path: explicit, version: version!, source: "env" };
  }
  // The project's cache, then hyvve-qa's own (a config elsewhere in a clone, e.g. examples/).
  for (const root of new Set([projectRoot(cwd), ownPackageRoot()])) {
    const cached = cachedK6Path(root);
    if (!existsSync(cached)) continue;
    const version = await k6Version(cached, env);
    if (isSupportedVersion(version)) return { path: cached, version: version!, source: "cache" };
  }
  const fromPath = onPath("k6", env);
  if (fromPath) {
    const version = await k6Version(fromPath, env);
    if (isSupportedVersion(version)) return { path: fromPath, version: version!, source: "path" };
  }
  return undefined;
}

export const HOW_TO_GET =
  `run \`hyvve-qa setup\` (builds k6 ${K6_VERSION} from the Go module proxy; needs Go 1.25+), ` +
  `or install k6 v${SUPPORTED_MAJOR}.x on PATH (https://grafana.com/docs/k6/latest/set-up/install-k6/)`;

/** The k6 for a run: found, or an environment error saying how to get one. */
export async function requireK6(cwd: string, env: NodeJS.ProcessEnv): Promise<K6Binary> {
  const k6 = await findK6(cwd, env);
  if (!k6) throw new EnvironmentError("k6 is not available", HOW_TO_GET);
  return k6;
}
