/**
 * Adoption, proven on examples/monorepo: a HYVVE team's repo laid out like the
 * spec (Playwright and vitest inside apps/web with that package's own
 * installs, classic k6 scripts in tests/load/k6, pytest in agents/) gets
 * hyvve-qa from `npm pack` as a dev dependency, `hyvve-qa init` writes its
 * config, and `hyvve-qa run` — no edit — gives the same cases, statuses and
 * counts as each native runner run directly on the same files, failing,
 * skipped, flaky and errored cases included (the example's
 * EXAMPLE_DEMO_FAILURES switch), and for k6 the numbers of k6's own summary
 * of the same run.
 */
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapPlaywrightReport, type PwReport } from "../../src/results/import/playwright.js";
import { parseJUnit } from "../../src/results/import/junit.js";
import {
  fromVitestDialect,
  withVitestJson,
  type VitestJsonReport,
} from "../../src/results/import/vitest.js";
import { countCases, type CaseResult, type RunResult } from "../../src/results/model.js";
import { hostEnv, REPO, tempDir } from "../helpers/cli.js";
import { casesOf, checksOf, requestsOf, verdictsOf, type K6Data } from "../helpers/k6-summary.js";
import { startReferenceApp, type ReferenceApp } from "../helpers/reference-app.js";

const EXAMPLE = join(REPO, "examples", "monorepo");
const WEB_MODULES = join(EXAMPLE, "apps", "web", "node_modules");
const PYTHON = "/usr/bin/python3";
const K6 = process.env["HYVVE_K6"] ?? join(REPO, ".cache", "k6", "v2.2.0", "k6");
/** What a CI machine of the team sets, and the example's switch for its failing cases. */
const TEAM_ENV = { CI: "true", EXAMPLE_DEMO_FAILURES: "1", CCR_ENABLED: "true" };

let repo: string;
let out: string;
let run: RunResult;
let app: ReferenceApp;

/** Why: the example as a team's checkout, its web package's installs shared (they are big). */
function copyOfExample(): string {
  const dir = join(tempDir("hyvve-qa-adopt-"), "monorepo");
  cpSync(EXAMPLE, dir, {
    recursive: true,
    filter: (src) => !src.startsWith(WEB_MODULES) && !src.endsWith("hyvve-qa.config.ts"),
  });
  symlinkSync(WEB_MODULES, join(dir, "apps", "web", "node_modules"));
  return dir;
}

/** Why: installed as a team would, from the package `npm pack` makes (dist built by npm test). */
async function installPacked(dir: string): Promise<void> {
  const packed = await execa("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], {
    cwd: REPO,
  });
  const tarball = packed.stdout.trim().split("\n").at(-1)!;
  await execa(
    "npm",
    ["install", "-D", `./${tarball}`, "--prefer-offline", "--no-audit", "--no-fund"],
    { cwd: dir, env: { npm_config_loglevel: "error" } },
  );
}

/** `npx hyvve-qa …` in the team's repo, with a minimal environment plus `env`. */
function hyvveQa(args: string[], env: Record<string, string | undefined> = {}) {
  return execa(join(repo, "node_modules", ".bin", "hyvve-qa"), args, {
    cwd: repo,
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], NO_COLOR: "1", ...env },
    extendEnv: false,
    reject: false,
    all: true,
    timeout: 900_000,
  });
}

/** A native runner in the team's repo, with the variables its suites read set by hand. */
function native(file: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa(file, args, {
    cwd: join(repo, cwd),
    env: {
      PATH: process.env["PATH"],
      HOME: process.env["HOME"],
      ...hostEnv("CHROMIUM_PATH"),
      ...TEAM_ENV,
      WEB_URL: app.url,
      BASE_URL: app.url,
      CCR_URL: app.url,
      AUTH_TOKEN: app.token,
      WORKSPACE_ID: "ws-qa",
      ...env,
    },
    extendEnv: false,
    reject: false,
    all: true,
    timeout: 600_000,
  });
}

type Outcome = Pick<CaseResult, "status" | "titlePath" | "failure">;

/** What two runs of the same tests must agree on: each case's status (error or failure) and title path. */
function outcomes(cases: readonly Outcome[]): string[] {
  return cases
    .map((c) => `${c.failure?.kind === "error" ? "errored" : c.status} ${c.titlePath.join(" > ")}`)
    .sort();
}

function suite(name: string) {
  const found = run.suites.find((s) => s.name === name);
  if (!found) throw new Error(`no ${name} suite in run.json`);
  return found;
}

beforeAll(async () => {
  repo = copyOfExample();
  await installPacked(repo);
  app = await startReferenceApp();
  out = tempDir("hyvve-qa-adopt-out-");
}, 300_000);

afterAll(async () => {
  await app?.stop();
  if (repo) rmSync(join(repo, ".."), { recursive: true, force: true });
});

describe("a team adopts hyvve-qa in its monorepo", { timeout: 900_000 }, () => {
  it("init writes a config that list and run take as it is", async () => {
    const init = await hyvveQa(["init"]);
    expect(init.exitCode, init.all).toBe(0);
    expect(existsSync(join(repo, "hyvve-qa.config.ts"))).toBe(true);
    const list = await hyvveQa(["list", "--json"]);
    expect(list.exitCode, list.all).toBe(0);
    const rows = JSON.parse(list.stdout) as { name: string; runner: string; files: number }[];
    expect(rows.map((r) => `${r.name} ${r.runner}`)).toEqual([
      "ccr pytest",
      "e2e playwright",
      "load k6",
      "quota vitest",
      "visual playwright",
    ]);
    for (const r of rows) expect(r.files, r.name).toBeGreaterThan(0);

    const r = await hyvveQa(["run", "--ci", "--out", out, "--no-history", "--no-baseline"], {
      ...TEAM_ENV,
      ...hostEnv("CHROMIUM_PATH", "CHROMIUM_HEADLESS_SHELL_PATH"),
      HYVVE_PYTHON: PYTHON,
      HYVVE_K6: K6,
      HYVVE_LOAD_DURATION: "4s",
    });
    run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
    // The demo's failing cases fail the run; nothing else went wrong.
    expect(r.exitCode, r.all).toBe(1);
    expect(run.suites.map((s) => `${s.name} ${s.status}`).sort()).toEqual([
      "ccr failed",
      "e2e failed",
      "load failed",
      "quota failed",
      "visual failed",
    ]);
  });

  it("e2e: the cases and statuses of Playwright run directly in apps/web (flaky included)", async () => {
    const report = join(tempDir(), "e2e.json");
    const pw = await native(
      process.execPath,
      ["node_modules/@playwright/test/cli.js", "test", "--project=chromium", "--reporter=json"],
      "apps/web",
      { PLAYWRIGHT_JSON_OUTPUT_FILE: report },
    );
    expect(pw.exitCode, pw.all).toBe(1);
    const direct = mapPlaywrightReport(JSON.parse(readFileSync(report, "utf8")) as PwReport, {
      suite: "e2e",
      rootDir: repo,
    }).cases;
    const through = suite("e2e").cases;
    expect(outcomes(through)).toEqual(outcomes(direct));
    expect(countCases(through)).toEqual(countCases(direct));
    expect(countCases(through).flaky).toBeGreaterThan(0);
    expect(through.map((c) => c.id).sort()).toEqual(direct.map((c) => c.id).sort());
    expect(suite("e2e").notes).toContainEqual("@playwright/test 1.64.1 (apps/web/node_modules)");
  });

  it("visual: Playwright's visual project alone, its snapshots against its own baselines", () => {
    // Playwright's fidelity is the e2e case above (same adapter, same importer); here the project pick.
    const visual = suite("visual");
    expect(countCases(visual.cases)).toEqual(expect.objectContaining({ failed: 1, flaky: 0 }));
    expect(
      visual.cases.every((c) => c.file?.startsWith("apps/web/src/components/__visual_tests__/")),
    ).toBe(true);
    expect(visual.notes).toContain(
      "Percy skipped: PERCY_TOKEN is not set (the local baseline comparison ran)",
    );
  });

  it("quota: the cases of apps/web's own vitest and jsdom, the errored file an error", async () => {
    const dir = tempDir();
    const [junit, json] = [join(dir, "vitest.xml"), join(dir, "vitest.json")];
    const vt = await native(
      process.execPath,
      [
        "node_modules/vitest/vitest.mjs",
        "run",
        "--reporter=junit",
        "--reporter=json",
        `--outputFile.junit=${junit}`,
        `--outputFile.json=${json}`,
      ],
      "apps/web",
    );
    expect(vt.exitCode, vt.all).toBe(1);
    // vitest's own JUnit and JSON, read as hyvve-qa reads them (the JSON knows retries).
    const direct = withVitestJson(
      parseJUnit(readFileSync(junit, "utf8"), { suite: "quota", source: junit }).cases.map(
        fromVitestDialect,
      ),
      JSON.parse(readFileSync(json, "utf8")) as VitestJsonReport,
      join(repo, "apps", "web"),
    );
    const through = suite("quota").cases;
    expect(outcomes(through)).toEqual(outcomes(direct));
    expect(countCases(through)).toEqual(countCases(direct));
    expect(through.filter((c) => c.failure?.kind === "error")).toHaveLength(1);
    expect(through.filter((c) => c.status === "flaky")).toHaveLength(1);
    expect(suite("quota").notes).toContainEqual("vitest 3.2.7 (apps/web/node_modules)");
  });

  it("ccr: the cases of pytest run directly in agents/, errors as errors in the merged JUnit", async () => {
    const junit = join(tempDir(), "pytest.xml");
    const py = await native(PYTHON, ["-m", "pytest", `--junitxml=${junit}`], "agents");
    expect(py.exitCode, py.all).toBe(1);
    const nativeXml = readFileSync(junit, "utf8");
    const direct = parseJUnit(nativeXml, { suite: "ccr", source: junit }).cases;
    // Titles as classname > name on both sides (the native file names its suite "pytest").
    const last2 = (cases: readonly Outcome[]) =>
      outcomes(cases.map((c) => ({ ...c, titlePath: c.titlePath.slice(-2) })));
    expect(last2(suite("ccr").cases)).toEqual(last2(direct));
    const counts = (xml: string, name?: string) => {
      const tag = new RegExp(`<testsuite [^>]*${name ? `name="${name}"` : ""}[^>]*>`).exec(xml)![0];
      const n = (attr: string) => Number(new RegExp(`${attr}="(\\d+)"`).exec(tag)![1]);
      return { failures: n("failures"), errors: n("errors"), skipped: n("skipped") };
    };
    const merged = readFileSync(join(out, "junit.xml"), "utf8");
    expect(counts(merged, "ccr")).toEqual(counts(nativeXml));
    expect(counts(nativeXml).errors).toBeGreaterThan(0);
    expect(suite("ccr").notes).toContainEqual(
      expect.stringMatching(/^python \/usr\/bin\/python3 /),
    );
  });

  it("load: each classic script as written, per script k6's own summary of the same run", () => {
    const load = suite("load");
    const file = "tests/load/k6/a2a-endpoints.js";
    // The script's own handleSummary wrote where it says, relative to the suite's folder.
    const own = JSON.parse(
      readFileSync(join(repo, "tests", "load", "results", "a2a-summary.json"), "utf8"),
    ) as K6Data;
    expect(requestsOf(load, "a2a_endpoints")).toBe(own.metrics["http_reqs"]!.values["count"]);
    expect(checksOf(load, file)).toEqual({
      passes: own.metrics["checks"]!.values["passes"],
      fails: own.metrics["checks"]!.values["fails"],
    });
    const ours = casesOf(load, file, "thresholds").map((c) => [c.title, c.status]);
    expect(ours.sort()).toEqual(verdictsOf(own));
    // The demo's crossed custom Rate: k6 exits 99 for it, and exactly its case fails.
    expect(ours.filter(([, status]) => status === "failed")).toEqual([
      ["a2a_errors rate<0.01", "failed"],
    ]);
    // The spec's stages would take minutes: smoke runs each script with k6's own override, and says so.
    expect(load.notes).toContain(
      `smoke: ${file} with k6's --vus 2 --duration 4s (its own stages set aside; --profile full runs them)`,
    );
  });
});
