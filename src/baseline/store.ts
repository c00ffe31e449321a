/**
 * Where baselines live and how a run finds its own: one baseline per
 * environment and profile (`reports/baseline/<env>-<profile>/run.json`), so a
 * staging run is never judged against the local stack's numbers. A missing,
 * corrupt or foreign baseline is a note on the run, never a crash.
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Config } from "../config/schema.js";
import { describeError } from "../errors.js";
import type { BaselineComparison, RunResult } from "../results/model.js";
import { readRunFile } from "../results/run-file.js";
import type { HistoryRecord } from "../history/record.js";
import { compareWithBaseline, historyFindings } from "./compare.js";
import { outdatedBaseline, type BaselineKind } from "./outdated.js";

export type { BaselineKind } from "./outdated.js";

/** The kind a run belongs to; runs from before profiles were recorded were smoke runs. */
export function kindOfRun(run: Pick<RunResult, "environment" | "profile">): BaselineKind {
  return { environment: run.environment.name, profile: run.profile ?? "smoke" };
}

/** `staging/full`: how every surface names a kind. */
export function kindLabel(kind: BaselineKind): string {
  return `${kind.environment}/${kind.profile}`;
}

/** The stored baseline file of one kind. */
export function baselinePath(rootDir: string, config: Config, kind: BaselineKind): string {
  return resolve(rootDir, config.baseline.dir, `${kind.environment}-${kind.profile}`, "run.json");
}

/** The command that stores a baseline of this kind, for notes. */
export function updateHint(kind: BaselineKind): string {
  return `hyvve-qa baseline update --env ${kind.environment} --profile ${kind.profile}`;
}

/**
 * Compares the run with the baseline of its own kind. Without one, the
 * comparison says so and holds no findings: the verdict rests on the tests.
 */
export async function compareWithStoredBaseline(
  run: RunResult,
  config: Config,
  rootDir: string,
  history: readonly HistoryRecord[] = [],
): Promise<BaselineComparison> {
  const kind = kindOfRun(run);
  const label = kindLabel(kind);
  const path = baselinePath(rootDir, config, kind);
  const source = relative(rootDir, path);
  if (!existsSync(path))
    return {
      kind: label,
      findings: historyFindings(run, config.baseline, history),
      note: `no ${label} baseline yet: run \`${updateHint(kind)}\` after a good run`,
    };
  let baseline: RunResult;
  try {
    baseline = await readRunFile(path);
  } catch (error) {
    return {
      kind: label,
      source,
      findings: historyFindings(run, config.baseline, history),
      note: `baseline not compared: ${describeError(error)}; replace it with \`${updateHint(kind)}\``,
    };
  }
  const missing = run.suites.filter((s) => !baseline.suites.some((b) => b.name === s.name));
  const compared = compareWithBaseline(run, baseline, config.baseline, history);
  const outdated = outdatedBaseline(run, baseline, kind);
  return {
    kind: label,
    source,
    findings: compared.findings,
    ...(compared.latency.length > 0 ? { latency: compared.latency } : {}),
    ...(outdated ? { outdated } : {}),
    ...(missing.length > 0
      ? {
          note: `the ${label} baseline has no ${missing.map((s) => s.name).join(", ")} suite: those were not compared`,
        }
      : {}),
  };
}
