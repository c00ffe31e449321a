/**
 * The plan: which suites run, in what groups, against which environment.
 * Pure decisions over the config — nothing is started here.
 */
import { UsageError } from "../errors.js";
import type { Config, EnvironmentName, SuiteConfig } from "../config/schema.js";

export interface Shard {
  index: number;
  total: number;
}

export interface PlannedSuite {
  name: string;
  suite: SuiteConfig;
  /** Only cases whose title matches (--grep, or the failed titles of --last-failed). */
  grep?: string;
}

export interface Plan {
  /** Batches run one after the other; suites within a batch run side by side. */
  batches: PlannedSuite[][];
  maxParallel: number;
  /**
   * Each batch in the order its suites start (longest expected first); the
   * batches above keep the config's order, which is the order of the report.
   */
  launchOrder?: PlannedSuite[][];
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total) {
    throw new UsageError(`--shard ${value}: expected i/n with 1 <= i <= n`, "e.g. --shard 2/4");
  }
  return { index, total };
}

export function selectSuites(config: Config, names: readonly string[]): PlannedSuite[] {
  const known = Object.keys(config.suites);
  if (names.length === 0) return known.map((name) => ({ name, suite: config.suites[name]! }));
  return names.map((name) => {
    const suite = config.suites[name];
    if (!suite) {
      throw new UsageError(
        `unknown suite "${name}"`,
        `known suites: ${known.join(", ") || "(none configured)"}`,
      );
    }
    return { name, suite };
  });
}

export function buildPlan(config: Config, suites: readonly PlannedSuite[]): Plan {
  const shared = suites.filter((s) => !s.suite.exclusive);
  const alone = suites.filter((s) => s.suite.exclusive);
  const batches = [...(shared.length ? [shared] : []), ...alone.map((s) => [s])];
  return { batches, maxParallel: config.maxParallel };
}

/**
 * Longest expected wall time first within each batch (LPT list scheduling):
 * with maxParallel slots, the long suite no longer starts last and runs alone
 * at the end. A suite with no history starts first (it may be the longest;
 * guessing short would risk the worst order), then ties keep config order.
 */
export function scheduleLongestFirst(plan: Plan, expectedMs: ReadonlyMap<string, number>): Plan {
  const rank = (p: PlannedSuite) => expectedMs.get(p.name) ?? Number.POSITIVE_INFINITY;
  const launchOrder = plan.batches.map((batch) =>
    batch
      .map((p, i) => ({ p, i }))
      .sort((a, b) => rank(b.p) - rank(a.p) || a.i - b.i)
      .map(({ p }) => p),
  );
  return { ...plan, launchOrder };
}

/**
 * How many workers each suite of a batch may start while it shares the
 * machine: the cores divided among the suites that run at once (at least 1).
 * Undefined when a suite runs alone: then its runner's own config decides.
 * Why: every Playwright worker owns a Chromium, and on 2 cores the four of
 * e2e and visual side by side cost ~15% more CPU in launches, compositors and
 * protocol traffic than they won back in parallelism (bench/RESULTS.md, issue 14).
 */
export function workersPerSuite(
  batchSize: number,
  maxParallel: number,
  cores: number,
): number | undefined {
  const sideBySide = Math.min(batchSize, maxParallel);
  if (sideBySide <= 1) return undefined;
  return Math.max(1, Math.floor(cores / sideBySide));
}

export function parseEnvironmentName(value: string): EnvironmentName {
  if (value === "local" || value === "staging" || value === "production") return value;
  throw new UsageError(`--env ${value}: unknown environment`, "use local, staging or production");
}
