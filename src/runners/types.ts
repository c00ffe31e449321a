/**
 * The adapter interface: one small adapter per native runner. An adapter
 * builds the command line and environment, runs it under the supervisor,
 * reads the runner's machine-readable output and returns a suite in the
 * common model. Nothing outside runners/ knows runner details.
 */
import type { SuiteConfig } from "../config/schema.js";
import type { Shard } from "../plan/plan.js";
import type { SuiteResult } from "../results/model.js";

export type Profile = "smoke" | "full";

export interface SuiteRunContext {
  name: string;
  suite: SuiteConfig;
  /** Repo root (the config's folder): case ids and attachments are relative to it. */
  rootDir: string;
  /** The folder the suite runs in (its `cwd`, else rootDir): its files and config are relative to it. */
  cwd: string;
  /** This suite's own output folder inside the run folder. */
  outDir: string;
  /** Relative path from the run folder to outDir, for attachment paths. */
  outDirFromRun: string;
  /** Full environment for the child (process env + HYVVE_* target vars). */
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  shard: Shard | undefined;
  profile: Profile;
  ci: boolean;
  /** Progress lines for the live view. */
  onLine?: (line: string) => void;
  /** Load runs: how many k6 processes to split the run over. */
  instances?: number;
  /** Only cases whose title matches this regular expression (--grep, --last-failed). */
  grep?: string;
  /**
   * The workers this suite may start while it shares the machine with other
   * suites (plan.ts workersPerSuite); undefined: the runner's config decides.
   * Playwright gets it as --workers (each worker is a browser); the vitest
   * suites here mostly wait on HTTP, so their workers cost little and are left be.
   */
  workers?: number;
}

export interface RunnerAdapter {
  run(ctx: SuiteRunContext): Promise<SuiteResult>;
}
