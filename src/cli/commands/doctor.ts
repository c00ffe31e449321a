/** `hyvve-qa doctor`: what this machine has for each runner, and how to get what is missing. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import chalk from "chalk";
import { loadConfigIfAny } from "../../config/read.js";
import { suiteDir } from "../../config/suite-paths.js";
import { describeError } from "../../errors.js";
import { succeeded } from "../../process/process-end.js";
import { runSupervised } from "../../process/supervisor.js";
import {
  choosePython,
  describePython,
  probePython,
  pytestFix,
  type PythonProbe,
} from "../../runners/pytest-python.js";
import { findChromium, findHeadlessChromium } from "../../setup/chromium.js";
import { K6_VERSION, SUPPORTED_MAJOR, findGo, findK6 } from "../../setup/k6.js";
import { EXIT } from "../exit.js";
import { playwrightCheck } from "./doctor-playwright.js";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export async function doctorCommand(): Promise<number> {
  const k6 = await k6Check(process.cwd(), process.env);
  const checks: Check[] = [
    nodeCheck(),
    chromiumCheck(),
    headlessShellCheck(),
    referenceAppCheck(),
    await goCheck(k6.ok),
    k6,
    await pytestCheck(process.cwd(), process.env),
    await playwrightCheck(process.cwd()),
    percyCheck(),
  ];
  for (const c of checks) {
    const mark = c.ok ? chalk.green("ok  ") : chalk.red("MISS");
    process.stdout.write(
      `${mark} ${c.name.padEnd(14)} ${c.detail}${!c.ok && c.fix ? `\n     fix: ${c.fix}` : ""}\n`,
    );
  }
  return checks.every((c) => c.ok) ? EXIT.ok : EXIT.usage;
}

function nodeCheck(): Check {
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  return {
    name: "node",
    ok: major > 20 || (major === 20 && minor >= 19),
    detail: process.version,
    fix: "install Node.js 20.19 or newer",
  };
}

function chromiumCheck(): Check {
  const chromium = findChromium(process.env);
  if (chromium) return { name: "chromium", ok: true, detail: chromium };
  return {
    name: "chromium",
    ok: false,
    detail: "not found",
    fix: "apt-get install -y chromium, or set CHROMIUM_PATH",
  };
}

/** Optional: without the headless shell e2e and quota still run, in the full browser, at more CPU. */
function headlessShellCheck(): Check {
  const shell = findHeadlessChromium(process.env);
  const full = findChromium(process.env);
  return {
    name: "headless shell",
    ok: true,
    detail:
      shell && shell !== full
        ? `${shell} (e2e, quota)`
        : "not found: e2e and quota use the full Chromium, at about 2.5x the CPU; apt-get install -y chromium-headless-shell, or set CHROMIUM_HEADLESS_SHELL_PATH",
  };
}

function referenceAppCheck(): Check {
  const app = fileURLToPath(
    new URL("../../../fixtures/reference-app/server/main.js", import.meta.url),
  );
  const built = existsSync(app);
  return {
    name: "reference app",
    ok: built,
    detail: built ? "built" : "not built",
    fix: "npm run build",
  };
}

/** Go is only needed to build k6; with a k6 at hand its absence is fine. */
async function goCheck(haveK6: boolean): Promise<Check> {
  const go = await runSupervised("go", ["version"], {
    cwd: process.cwd(),
    env: { ...process.env },
    timeoutMs: 10_000,
  });
  const ok = succeeded(go.end);
  return {
    name: "go",
    ok: ok || haveK6,
    detail: ok ? go.stdout.trim() : "not found (only needed to build k6)",
  };
}

function percyCheck(): Check {
  return {
    name: "percy",
    ok: true,
    detail: process.env["PERCY_TOKEN"]
      ? "PERCY_TOKEN set: snapshots are uploaded"
      : "no PERCY_TOKEN: local visual comparison only",
  };
}

const K6_SOURCES = {
  env: "from $HYVVE_K6",
  cache: "pinned build in the project cache",
  path: "on PATH",
  built: "built",
} as const;

/** doctor's k6 line: which k6 a run would use, or how to get one. */
export async function k6Check(cwd: string, env: NodeJS.ProcessEnv): Promise<Check> {
  try {
    const k6 = await findK6(cwd, env);
    if (k6)
      return {
        name: "k6",
        ok: true,
        detail: `${k6.version} at ${k6.path} (${K6_SOURCES[k6.source]})`,
      };
  } catch (error) {
    return {
      name: "k6",
      ok: false,
      detail: describeError(error),
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

/** The pytest suites of the config here (name, python, folder); none without a config or with one that does not load. */
async function pytestSuites(
  cwd: string,
): Promise<{ name: string; python?: string; cwd: string }[]> {
  const loaded = await loadConfigIfAny(cwd).catch(() => undefined);
  if (!loaded) return [];
  return Object.entries(loaded.config.suites).flatMap(([name, suite]) =>
    suite.runner === "pytest"
      ? [
          {
            name,
            cwd: suiteDir(loaded.rootDir, suite),
            ...(suite.python ? { python: suite.python } : {}),
          },
        ]
      : [],
  );
}

/** One interpreter as doctor shows it: where from, Python's version, pytest's or its absence. */
function describeProbe(probe: PythonProbe): string {
  const from = `from ${probe.choice.source}`;
  if (!probe.python) return `no Python at ${probe.choice.command} (${from})`;
  if (!probe.pytest) return `${describePython(probe)} ${from}: no pytest`;
  return `${describePython(probe)} ${from}, pytest ${probe.pytest}`;
}

/** How to get what a probe lacked: pytest into that Python, or a Python with pytest. */
function missingFix(probe: PythonProbe, suite: string): string {
  if (probe.python) return pytestFix(probe.choice.command, suite);
  return `install Python 3 with pytest (Debian: apt-get install python3-pytest), or point suites.${suite}.python / HYVVE_PYTHON at one`;
}

/**
 * doctor's python/pytest line: the interpreter each pytest suite would run
 * (its own `python`, else $HYVVE_PYTHON, else python3), or the default one
 * when no suite uses pytest; only a pytest suite without pytest is a MISS.
 */
export async function pytestCheck(cwd: string, env: NodeJS.ProcessEnv): Promise<Check> {
  const suites = await pytestSuites(cwd);
  const wanted = suites.length > 0 ? suites : [{ name: "<name>", cwd }];
  const seen = new Map<string, { probe: Promise<PythonProbe>; suite: string }>();
  for (const suite of wanted) {
    const choice = choosePython(suite, { ...env });
    const key = `${choice.command}\u0000${suite.cwd}`;
    if (!seen.has(key))
      seen.set(key, { probe: probePython(choice, suite.cwd, { ...env }), suite: suite.name });
  }
  const probes = await Promise.all(
    [...seen.values()].map(async (s) => ({ ...s, probe: await s.probe })),
  );
  const detail = probes.map((p) => describeProbe(p.probe)).join("; ");
  const missing = probes.find((p) => !p.probe.pytest);
  const fix = missing && missingFix(missing.probe, missing.suite);
  if (suites.length === 0)
    return {
      name: "python/pytest",
      ok: true,
      detail: `${detail} (no suite uses pytest${fix ? `; to get it: ${fix}` : ""})`,
    };
  return { name: "python/pytest", ok: !missing, detail, ...(fix ? { fix } : {}) };
}
