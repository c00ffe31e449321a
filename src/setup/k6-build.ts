/**
 * Building the pinned k6 from the Go module proxy into the project cache,
 * for `hyvve-qa setup`. The proxy has no @latest list for go.k6.io/k6/v2, so
 * `go install …@version` cannot resolve it; the build uses a throw-away
 * module that requires the pinned version instead.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { EnvironmentError } from "../errors.js";
import { succeeded } from "../process/process-end.js";
import { runSupervised } from "../process/supervisor.js";
import {
  DEFAULT_GOPROXY,
  HOW_TO_GET,
  K6_MODULE,
  K6_VERSION,
  SUPPORTED_MAJOR,
  cachedK6Path,
  findGo,
  findK6,
  isSupportedVersion,
  k6Version,
  projectRoot,
} from "./k6.js";

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
    if (!succeeded(r.end)) {
      const why =
        r.end.kind === "timedout"
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
