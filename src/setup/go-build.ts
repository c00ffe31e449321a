/**
 * Building a pinned Go program from the Go module proxy into the project
 * cache (k6 for the load suites; Jaeger and promtool, which the project's own
 * tests use as real receivers). The proxy here has no @latest lists, so
 * `go install …@version` cannot resolve; the build uses a throw-away module
 * that requires the pinned version instead. A failed or interrupted build
 * leaves no half binary in the cache.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { EnvironmentError } from "../errors.js";
import { succeeded } from "../process/process-end.js";
import { runSupervised } from "../process/supervisor.js";
import { DEFAULT_GOPROXY, findGo, projectRoot } from "./k6.js";

/** One pinned Go program: which module at which version, and which main package of it. */
export interface GoTool {
  /** Short name: the cache folder and the binary's file name. */
  name: string;
  module: string;
  version: string;
  /** The main package's import path (the module itself for k6). */
  pkg: string;
}

/** Jaeger all-in-one (OTLP receiver + query API), the real receiver of the trace tests. */
export const JAEGER: GoTool = {
  name: "jaeger",
  module: "github.com/jaegertracing/jaeger",
  version: "v1.76.0",
  pkg: "github.com/jaegertracing/jaeger/cmd/jaeger",
};

/** promtool, which checks metrics.prom the way Prometheus would read it. */
export const PROMTOOL: GoTool = {
  name: "promtool",
  module: "github.com/prometheus/prometheus",
  version: "v0.316.0",
  pkg: "github.com/prometheus/prometheus/cmd/promtool",
};

/** The tools `hyvve-qa setup NAME` knows besides k6. */
export const GO_TOOLS: Record<string, GoTool> = { jaeger: JAEGER, promtool: PROMTOOL };

/** Where the pinned build of a tool lives: .cache/<name>/<version>/<name>. */
export function cachedToolPath(root: string, tool: GoTool): string {
  return join(root, ".cache", tool.name, tool.version, tool.name);
}

/** The cached build of a tool, if it has been built; nothing is built here. */
export function findCachedTool(cwd: string, tool: GoTool): string | undefined {
  const path = cachedToolPath(projectRoot(cwd), tool);
  return existsSync(path) ? path : undefined;
}

/** The cached build of a tool, built first when missing (minutes on a cold module cache). */
export async function ensureGoTool(
  cwd: string,
  tool: GoTool,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<string> {
  const target = cachedToolPath(projectRoot(cwd), tool);
  if (existsSync(target)) {
    log(`${tool.name} ${tool.version}: using the cached build ${target}`);
    return target;
  }
  await buildGoTool(tool, target, env, log);
  return target;
}

/** go mod init → require the pin → tidy → build into `target` through a temp file. */
export async function buildGoTool(
  tool: GoTool,
  target: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  const go = findGo(env);
  if (!go)
    throw new EnvironmentError(
      `${tool.name} is not built and Go is not installed to build it`,
      "install Go 1.25+ (https://go.dev/dl/), then run `hyvve-qa setup` again",
    );
  await mkdir(dirname(target), { recursive: true });
  const work = await mkdtemp(join(tmpdir(), `hyvve-${tool.name}-build-`));
  const goEnv: Record<string, string | undefined> = {
    ...env,
    GOPROXY: env["GOPROXY"] || DEFAULT_GOPROXY,
    GOFLAGS: "-mod=mod",
    CGO_ENABLED: env["CGO_ENABLED"] ?? "0",
  };
  const step = goStep(go, tool, work, goEnv, log);
  log(`${tool.name} setup: building ${tool.pkg}@${tool.version} with ${go}`);
  try {
    await step("go mod init", ["mod", "init", `hyvve-${tool.name}-build`], 60_000);
    await writeFile(
      join(work, "tools.go"),
      `//go:build tools\n\npackage tools\n\nimport _ "${tool.pkg}"\n`,
    );
    await step(
      `require ${tool.module}@${tool.version}`,
      ["mod", "edit", `-require=${tool.module}@${tool.version}`],
      60_000,
    );
    await step("download modules (go mod tidy)", ["mod", "tidy", "-e"], 20 * 60_000);
    const tmpBinary = `${target}.tmp-${process.pid}`;
    try {
      await step(
        "compile (go build)",
        ["build", "-trimpath", "-o", tmpBinary, tool.pkg],
        30 * 60_000,
      );
      await rename(tmpBinary, target);
    } finally {
      await rm(tmpBinary, { force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log(`${tool.name} setup: built ${tool.version} at ${target}`);
}

/** One `go …` step of a build: logged, bounded in time, an EnvironmentError when it fails. */
function goStep(
  go: string,
  tool: GoTool,
  work: string,
  goEnv: Record<string, string | undefined>,
  log: (line: string) => void,
) {
  return async (what: string, args: string[], timeoutMs: number): Promise<void> => {
    log(`${tool.name} setup: ${what}`);
    const r = await runSupervised(go, args, { cwd: work, env: goEnv, timeoutMs });
    if (succeeded(r.end)) return;
    const why =
      r.end.kind === "timedout"
        ? `timed out after ${timeoutMs / 1000} s`
        : (r.stderr || r.stdout).trim().split("\n").slice(-5).join(" | ");
    throw new EnvironmentError(
      `building ${tool.name} ${tool.version} failed at "go ${args.join(" ")}": ${why}`,
      `check GOPROXY (${goEnv["GOPROXY"]}) and network access`,
    );
  };
}
