/**
 * `hyvve-qa run`: config → plan → target → runners → model → baseline →
 * reporters → exit code. Whatever happens after the run folder exists
 * (failures, a crashed runner, Ctrl-C), a report is written.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { relative, resolve } from "node:path";
import chalk from "chalk";
import { compareWithBaseline } from "../../baseline/compare.js";
import { loadConfig } from "../../config/load.js";
import { EnvironmentError, UsageError, describeError } from "../../errors.js";
import {
  buildPlan,
  filterChanged,
  parseEnvironmentName,
  parseShard,
  selectSuites,
} from "../../plan/plan.js";
import {
  deriveRunStatus,
  RUN_SCHEMA_VERSION,
  type RunResult,
  type SuiteResult,
} from "../../results/model.js";
import { newRunId } from "../../results/merge.js";
import { makeRedactor, redactInPlace, secretValuesFromEnv } from "../../results/redact.js";
import { readRunFile } from "../../results/run-file.js";
import { linkLatest, writeReports } from "../../reporters/index.js";
import { startTarget, targetEnv, type Target } from "../../target/index.js";
import { executePlan } from "../execute.js";
import { gitInfo, changedFiles, matchesAny } from "../git.js";
import { handleInterrupts } from "../interrupt.js";
import { EXIT, printUsageError } from "../exit.js";
import type { RunOptions } from "../options.js";

export function parseRunOptions(raw: Record<string, unknown>): RunOptions {
  const profile = String(raw["profile"] ?? "smoke");
  if (profile !== "smoke" && profile !== "full")
    throw new UsageError(`--profile ${profile}: unknown profile`, "use smoke or full");
  const instances = Number(raw["instances"] ?? 1);
  if (!Number.isInteger(instances) || instances < 1 || instances > 32) {
    throw new UsageError(
      `--instances ${String(raw["instances"])}: expected a whole number from 1 to 32`,
    );
  }
  const baseUrl = raw["baseUrl"] as string | undefined;
  if (baseUrl !== undefined && !URL.canParse(baseUrl))
    throw new UsageError(`--base-url ${baseUrl}: not a URL`, "e.g. https://staging.example.com");
  return {
    env: parseEnvironmentName(String(raw["env"] ?? "local")),
    baseUrl,
    profile,
    out: raw["out"] as string | undefined,
    shard: raw["shard"] === undefined ? undefined : parseShard(String(raw["shard"])),
    changed: raw["changed"] === true,
    ci: raw["ci"] === true || process.env["CI"] === "true",
    config: raw["config"] as string | undefined,
    instances,
    allowProduction: raw["allowProduction"] === true,
    verbose: raw["verbose"] === true,
    baseline: raw["baseline"] !== false,
  };
}

export async function runCommand(names: string[], raw: Record<string, unknown>): Promise<number> {
  const options = parseRunOptions(raw);
  if (process.env["NO_COLOR"]) chalk.level = 0;
  const cwd = process.cwd();
  const { config, rootDir } = await loadConfig(cwd, options.config);

  let planned = selectSuites(config, names);
  if (options.changed) planned = filterChanged(planned, await changedFiles(rootDir), matchesAny);
  const loadSuites = planned.filter((p) => p.suite.kind === "load");
  const production =
    options.env === "production" || config.environments[options.env]?.production === true;
  if (loadSuites.length > 0 && production && !options.allowProduction) {
    throw new UsageError(
      "refusing to run load tests against production",
      "pass --allow-production if you really mean it",
    );
  }
  if (planned.length === 0) {
    process.stdout.write("hyvve-qa: no suites to run (nothing changed that a suite covers)\n");
    return EXIT.ok;
  }
  const plan = buildPlan(config, planned);

  const id = newRunId();
  const reportsRoot = resolve(rootDir, config.reportsDir);
  const runDir = options.out ? resolve(cwd, options.out) : resolve(reportsRoot, id);

  const startedAt = new Date().toISOString();
  const interrupt = handleInterrupts(() =>
    process.stderr.write(
      "\nhyvve-qa: interrupted, stopping runners and writing the partial report (Ctrl-C again to exit now)\n",
    ),
  );
  let target: Target | undefined;
  let suites: SuiteResult[] = [];
  let environmentErrors: string[] = [];
  let internalError: string | undefined;
  let secrets: (string | undefined)[] = secretValuesFromEnv(process.env, tokenEnvNames(config));
  try {
    target = await startTarget({
      config,
      name: options.env,
      baseUrlOverride: options.baseUrl,
      env: process.env,
      rootDir,
      signal: interrupt.signal,
    });
  } catch (error) {
    // Interrupted while starting: go on and write the (empty) partial report.
    // Anything else (the target never came up) is the user's to fix: exit 2, nothing written.
    if (!interrupt.signal.aborted) {
      interrupt.dispose();
      throw error;
    }
  }
  try {
    if (target) {
      secrets = [...secrets, target.token];
      await mkdir(runDir, { recursive: true });
      const result = await executePlan({
        plan,
        runDir,
        rootDir,
        env: {
          ...process.env,
          ...targetEnv(target),
          HYVVE_PROFILE: options.profile,
          ...(options.ci ? { CI: "true" } : {}),
        },
        signal: interrupt.signal,
        shard: options.shard,
        profile: options.profile,
        ci: options.ci,
        instances: options.instances,
        plain: options.ci || !process.stdout.isTTY,
        verbose: options.verbose,
        redact: makeRedactor(secrets),
      });
      suites = result.suites;
      environmentErrors = result.environmentErrors;
    }
  } catch (error) {
    // A bug of ours mid-run: still write what there is, and say so.
    internalError = describeError(error);
  } finally {
    await target?.stop().catch(() => {});
  }
  interrupt.dispose();

  const interrupted = interrupt.signal.aborted;
  let run: RunResult = {
    schemaVersion: RUN_SCHEMA_VERSION,
    id,
    startedAt,
    finishedAt: new Date().toISOString(),
    environment: target
      ? { name: target.name, baseUrl: withoutCredentials(target.baseUrl) }
      : { name: options.env },
    git: await gitInfo(rootDir),
    status: deriveRunStatus(suites, interrupted),
    suites,
  };
  run = redactInPlace(run, makeRedactor(secrets));

  if (options.baseline && !interrupted) {
    const baselinePath = resolve(rootDir, config.baseline.file);
    if (existsSync(baselinePath)) {
      try {
        const baseline = await readRunFile(baselinePath);
        run.baseline = {
          source: relative(rootDir, baselinePath),
          findings: compareWithBaseline(run, baseline, config.baseline),
        };
      } catch (error) {
        process.stderr.write(`hyvve-qa: baseline not compared: ${describeError(error)}\n`);
      }
    }
  }

  await mkdir(runDir, { recursive: true });
  const outcome = await writeReports(run, {
    outDir: runDir,
    env: process.env,
    print: (text) => process.stdout.write(text),
    annotations: options.ci && process.env["GITHUB_ACTIONS"] === "true",
  });
  for (const e of outcome.errors)
    process.stderr.write(`hyvve-qa: the ${e.reporter} reporter failed: ${e.message}\n`);
  if (!options.out) await linkLatest(runDir).catch(() => {});

  for (const message of environmentErrors) printUsageError(new EnvironmentError(message));
  if (internalError)
    process.stderr.write(`hyvve-qa: internal error while running suites: ${internalError}\n`);
  if (interrupted) return EXIT.interrupted;
  if (internalError) return EXIT.failed;
  if (environmentErrors.length > 0) return EXIT.usage;
  const regression = run.baseline?.findings.some((f) => f.regression) ?? false;
  return run.status === "passed" && !regression && outcome.errors.length === 0
    ? EXIT.ok
    : EXIT.failed;
}

/** https://user:pass@host → https://host: the URL is reported, its credentials are not. */
function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.href.replace(/\/$/, "");
}

function tokenEnvNames(config: {
  environments: Record<string, { tokenEnv?: string | undefined } | undefined>;
}): string[] {
  return Object.values(config.environments)
    .map((e) => e?.tokenEnv)
    .filter((n): n is string => !!n);
}
