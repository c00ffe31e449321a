/**
 * Which k6 runs the load suites, and how to get one. In order:
 *   1. $HYVVE_K6 (an explicit binary),
 *   2. the pinned build cached inside the project: .cache/k6/<version>/k6,
 *   3. a k6 on PATH at a supported version (v2.x),
 * otherwise `hyvve-qa setup` builds the pinned version from the Go module
 * proxy into the cache (reused afterwards). The proxy has no @latest list for
 * go.k6.io/k6/v2, so `go install …@version` cannot resolve it; the build uses
 * a throw-away module that requires the pinned version instead.
 * k6 always runs with K6_AUTO_EXTENSION_RESOLUTION=false (no network).
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { EnvironmentError } from "../errors.js";
import { runSupervised } from "./supervisor.js";

export const K6_VERSION = "v2.2.0";
export const K6_MODULE = "go.k6.io/k6/v2";
const SUPPORTED_MAJOR = 2;
const DEFAULT_GOPROXY = "https://proxy.golang.org";

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
  if (r.exitCode !== 0) return undefined;
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
function findGo(env: NodeJS.ProcessEnv): string | undefined {
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
  const cached = cachedK6Path(projectRoot(cwd));
  if (existsSync(cached)) {
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

const HOW_TO_GET =
  `run \`hyvve-qa setup\` (builds k6 ${K6_VERSION} from the Go module proxy; needs Go 1.25+), ` +
  `or install k6 v${SUPPORTED_MAJOR}.x on PATH (https://grafana.com/docs/k6/latest/set-up/install-k6/)`;

/** The k6 for a run: found, or an environment error saying how to get one. */
export async function requireK6(cwd: string, env: NodeJS.ProcessEnv): Promise<K6Binary> {
  const k6 = await findK6(cwd, env);
  if (!k6) throw new EnvironmentError("k6 is not available", HOW_TO_GET);
  return k6;
}

/** doctor's k6 line. */
export async function k6Check(
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ name: string; ok: boolean; detail: string; fix?: string }> {
  try {
    const k6 = await findK6(cwd, env);
    if (k6) {
      const where = {
        env: "from $HYVVE_K6",
        cache: "pinned build in the project cache",
        path: "on PATH",
        built: "built",
      }[k6.source];
      return { name: "k6", ok: true, detail: `${k6.version} at ${k6.path} (${where})` };
    }
  } catch (error) {
    return {
      name: "k6",
      ok: false,
      detail: (error as Error).message,
      fix: "unset HYVVE_K6 or point it at k6 v2",
    };
  }
  const go = findGo(env);
  return {
    name: "k6",
    ok: false,
    detail: "not found (no cached build, no k6 v2 on PATH)",
    fix: go
      ? `hyvve-qa setup (builds k6 ${K6_VERSION} with ${go} into .cache/k6/)`
      : `install Go 1.25+ (https://go.dev/dl/) then run hyvve-qa setup, or put k6 v${SUPPORTED_MAJOR}.x on PATH (https://grafana.com/docs/k6/latest/set-up/install-k6/)`,
  };
}

/**
 * `hyvve-qa setup`: return the k6 to use, building the pinned version into the
 * project cache when there is none. Idempotent; a cache hit takes well under 1 s.
 */
export async function ensureK6(
  cwd: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ path: string; version: string }> {
  const found = await findK6(cwd, env);
  if (found) {
    log(
      `k6 ${found.version}: using ${found.path} (${found.source === "cache" ? "cached build" : found.source === "path" ? "on PATH" : "$HYVVE_K6"})`,
    );
    return found;
  }
  const go = findGo(env);
  if (!go)
    throw new EnvironmentError(
      "k6 is not available and Go is not installed to build it",
      HOW_TO_GET,
    );
  const target = cachedK6Path(projectRoot(cwd));
  await mkdir(dirname(target), { recursive: true });
  const work = await mkdtemp(join(tmpdir(), "hyvve-k6-build-"));
  const goEnv: Record<string, string | undefined> = {
    ...env,
    GOPROXY: env["GOPROXY"] || DEFAULT_GOPROXY,
    GOFLAGS: "-mod=mod",
    CGO_ENABLED: env["CGO_ENABLED"] ?? "0",
  };
  const step = async (what: string, args: string[], timeoutMs: number) => {
    log(`k6 setup: ${what}`);
    const r = await runSupervised(go, args, { cwd: work, env: goEnv, timeoutMs });
    if (r.exitCode !== 0) {
      const why = r.timedOut
        ? `timed out after ${timeoutMs / 1000} s`
        : (r.stderr || r.stdout).trim().split("\n").slice(-5).join(" | ");
      throw new EnvironmentError(
        `building k6 ${K6_VERSION} failed at "go ${args.join(" ")}": ${why}`,
        `check GOPROXY (${goEnv["GOPROXY"]}) and network access, or put k6 v${SUPPORTED_MAJOR}.x on PATH`,
      );
    }
  };
  try {
    log(
      `k6 setup: no k6 v${SUPPORTED_MAJOR} found; building ${K6_MODULE}@${K6_VERSION} with ${go} (a few minutes on a cold module cache)`,
    );
    await step("go mod init", ["mod", "init", "hyvve-k6-build"], 60_000);
    await writeFile(
      join(work, "tools.go"),
      `//go:build tools\n\npackage tools\n\nimport _ "${K6_MODULE}"\n`,
    );
    await step(
      `require ${K6_MODULE}@${K6_VERSION}`,
      ["mod", "edit", `-require=${K6_MODULE}@${K6_VERSION}`],
      60_000,
    );
    await step("download modules (go mod tidy)", ["mod", "tidy", "-e"], 20 * 60_000);
    const tmpBinary = `${target}.tmp-${process.pid}`;
    try {
      await step(
        "compile (go build)",
        ["build", "-trimpath", "-o", tmpBinary, K6_MODULE],
        30 * 60_000,
      );
      await rename(tmpBinary, target);
    } finally {
      // A failed or interrupted build leaves no half binary in the cache.
      await rm(tmpBinary, { force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const version = await k6Version(target, env);
  if (!isSupportedVersion(version))
    throw new EnvironmentError(
      `the k6 built at ${target} does not report a v${SUPPORTED_MAJOR} version (${version ?? "does not run"})`,
    );
  log(`k6 setup: built ${version} at ${target}`);
  return { path: target, version: version! };
}
