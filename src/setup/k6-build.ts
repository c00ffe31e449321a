/**
 * Building the pinned k6 from the Go module proxy into the project cache,
 * for `hyvve-qa setup` (the build itself is go-build.ts's, shared with the
 * other pinned Go tools).
 */
import { EnvironmentError } from "../errors.js";
import { buildGoTool } from "./go-build.js";
import {
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
  if (!findGo(env))
    throw new EnvironmentError(
      "k6 is not available and Go is not installed to build it",
      HOW_TO_GET,
    );
  const target = cachedK6Path(projectRoot(cwd));
  log(
    `k6 setup: no k6 v${SUPPORTED_MAJOR} found; building ${K6_MODULE}@${K6_VERSION} (a few minutes on a cold module cache)`,
  );
  const tool = { name: "k6", module: K6_MODULE, version: K6_VERSION, pkg: K6_MODULE };
  await buildGoTool(tool, target, env, log);
  const version = await k6Version(target, env);
  if (!isSupportedVersion(version))
    throw new EnvironmentError(
      `the k6 built at ${target} does not report a v${SUPPORTED_MAJOR} version (${version ?? "does not run"})`,
    );
  return { path: target, version: version! };
}
