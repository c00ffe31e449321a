/**
 * The reusable CI step: action.yml (composite GitHub Action), the GitLab
 * template ci/gitlab/hyvve-qa.yml and this repo's own workflows. The files are
 * parsed with a YAML library and checked for what breaks CI quietly (an
 * undeclared input, `${{ }}` inside a script, a step reading an output nobody
 * writes), and their real bash scripts are executed against the built CLI on a
 * small project of fake runners, as the runners would execute them.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { REPO, tempDir } from "../helpers/cli.js";
import {
  CompositeRun,
  expressions,
  readYaml,
  runBash,
  type ActionFile,
  type ActionStep,
} from "./steps.js";

const ACTION_PATH = resolve(REPO);
const RUNNERS = join(ACTION_PATH, "test", "fixtures", "runners");
const ENV_RUNNER = join(ACTION_PATH, "test", "ci", "fixtures", "env-runner.mjs");
const action = readYaml<ActionFile>("action.yml");
const steps = action.runs.steps;

/** The pinned k6 version, from the built CLI itself. */
async function pinnedK6(): Promise<string> {
  const k6 = (await import(join(ACTION_PATH, "dist", "src", "setup", "k6.js"))) as {
    K6_VERSION: string;
  };
  return k6.K6_VERSION;
}

/**
 * A caller's workspace: `proj/` holds a config that imports "hyvve-qa" (no
 * node_modules anywhere above it, so only the action's NODE_PATH resolves it)
 * and three `command` suites: pass, fail, and env (reports its environment).
 */
function callerWorkspace(): { root: string; project: string } {
  const root = realpathSync(tempDir("hyvve-qa-ws-"));
  const project = join(root, "proj");
  mkdirSync(project);
  mkdirSync(join(root, "_temp"));
  const suite = (script: string) =>
    `{ kind: "external", runner: "command", command: ["node", ${JSON.stringify(script)}], files: ["*.mjs"], timeout: 30000 }`;
  writeFileSync(
    join(project, "hyvve-qa.config.mjs"),
    [
      'import { defineConfig } from "hyvve-qa";',
      "export default defineConfig({ suites: {",
      `  pass: ${suite(join(RUNNERS, "pass.mjs"))},`,
      `  fail: ${suite(join(RUNNERS, "fail.mjs"))},`,
      `  env: ${suite(ENV_RUNNER)},`,
      "} });",
    ].join("\n"),
  );
  return { root, project };
}

/** What GitHub's runner puts in every step's environment (the parts the action reads). */
function githubEnv(root: string): Record<string, string> {
  return {
    PATH: process.env["PATH"]!,
    HOME: process.env["HOME"]!,
    NO_COLOR: "1",
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION_PATH: ACTION_PATH,
    GITHUB_WORKSPACE: root,
    GITHUB_RUN_ID: "42",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_STEP_SUMMARY: join(root, "summary.md"),
    RUNNER_OS: "Linux",
    RUNNER_TEMP: join(root, "_temp"),
  };
}

/** resolve → run → verdict, the path every use of the action takes. */
async function runAction(given: Record<string, string>, root: string) {
  const run = new CompositeRun(action, given, githubEnv(root));
  const resolved = await run.run("resolve", root);
  expect(resolved.exitCode, resolved.stdout + resolved.stderr).toBe(0);
  const qa = await run.run("run", root);
  expect(qa.exitCode, qa.stdout + qa.stderr).toBe(0);
  const verdict = await run.run("verdict", root);
  return { run, qa, verdict };
}

/** The run.json a run left in its report folder. */
function runFile(dir: string): RunResult {
  return JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as RunResult;
}

/** Every bash script of a parsed workflow, job by job. */
function workflowScripts(workflow: { jobs: Record<string, { steps: ActionStep[] }> }): string[] {
  return Object.values(workflow.jobs).flatMap((job) =>
    job.steps.flatMap((s) => (s.run ? [s.run] : [])),
  );
}

/** The Chromium and font packages an `apt-get install` line in a script installs. */
function browserPackages(script: string): string[] {
  const line = script.split("\n").find((l) => /apt-get install\b.*\bchromium\b/.test(l));
  if (!line) return [];
  return line
    .split(/\s+/)
    .filter((w) => /^(chromium|fonts-)/.test(w))
    .sort();
}

describe("action.yml, read as YAML", () => {
  it("is a composite action that declares every input it uses and uses every input it declares", () => {
    expect(action.runs.using).toBe("composite");
    const text = readFileSync(join(ACTION_PATH, "action.yml"), "utf8");
    // `${{ }}` anywhere, and the bare expressions of `if:`.
    const used = new Set(
      [...expressions(text), ...steps.map((s) => s.if ?? "")].flatMap((e) =>
        [...e.matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1]!),
      ),
    );
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const name of ["suites", "env", "profile", "shard", "base-url", "working-directory"])
      expect(action.inputs).toHaveProperty(name);
    expect(action.inputs["upload-artifact"]!.default).toBe("true");
    expect(action.inputs["history-cache"]!.default).toBe("true");
  });

  it("keeps inputs, secrets and host paths out of its scripts (script injection, container jobs)", () => {
    const text = readFileSync(join(ACTION_PATH, "action.yml"), "utf8");
    for (const step of steps) {
      if (step.run) {
        expect(step.shell, step.name).toBe("bash");
        expect(expressions(step.run), step.name).toEqual([]);
      }
    }
    const all = expressions(text);
    expect(all.filter((e) => /\bsecrets\./.test(e))).toEqual([]);
    // Inside a container job these name the host's folders, not the container's.
    expect(all.filter((e) => /github\.(action_path|workspace)|runner\.temp/.test(e))).toEqual([]);
  });

  it("reads only outputs that an earlier step writes", () => {
    const seen: ActionStep[] = [];
    // `if:` holds bare expressions, env and with hold `${{ }}`: read the references from both.
    const check = (text: string, before: ActionStep[]) => {
      for (const m of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        const source = before.find((s) => s.id === m[1]);
        expect(source, `${m[0]}: no earlier step ${m[1]}`).toBeDefined();
        if (source!.run)
          expect(source!.run, `${m[0]}: step ${m[1]} never writes ${m[2]}`).toMatch(
            new RegExp(`(echo "|output )${m[2]}[= ]`),
          );
      }
    };
    for (const step of steps) {
      check(JSON.stringify([step.if, step.env, step.with]), seen);
      seen.push(step);
    }
    for (const output of Object.values(action.outputs))
      check(
        output.value,
        seen.filter((s) => s.id === "run"),
      );
    expect(Object.keys(action.outputs).sort()).toEqual(["exit-code", "report-dir", "verdict"]);
  });

  it("uploads the run folder and saves the history even after a failed run, then fails last", () => {
    const index = (uses: string) => steps.findIndex((s) => s.uses?.startsWith(uses));
    const upload = steps[index("actions/upload-artifact@")]!;
    const save = steps[index("actions/cache/save@")]!;
    const restore = steps[index("actions/cache/restore@")]!;
    const run = steps.findIndex((s) => s.id === "run");
    expect(restore.with!["path"]).toBe("${{ steps.resolve.outputs.history-file }}");
    expect(save.with!["path"]).toBe(restore.with!["path"]);
    expect(index("actions/cache/restore@")).toBeLessThan(run);
    for (const step of [upload, save]) {
      expect(steps.indexOf(step)).toBeGreaterThan(run);
      expect(step.if).toMatch(/^always\(\) && /);
    }
    expect(upload.with!["path"]).toBe("${{ steps.run.outputs.report-dir }}");
    const last = steps.at(-1)!;
    expect(last.id).toBe("verdict");
    expect(last.if).toMatch(/^always\(\)/);
    expect(last.run).toMatch(/exit "\$QA_EXIT_CODE"/);
  });
});

describe("action.yml, its scripts executed with bash against the built CLI", () => {
  it("runs the named suites, writes verdict, exit code, report folder, summary and annotations, then fails the step", async () => {
    const ws = callerWorkspace();
    const { run, qa, verdict } = await runAction(
      { suites: "pass fail", "working-directory": "proj", "base-url": inject("refUrl") },
      ws.root,
    );
    expect(run.steps["resolve"]!["project-dir"]).toBe(ws.project);
    const out = run.steps["run"]!;
    expect(out["exit-code"]).toBe("1");
    expect(out["verdict"]).toBe("failed");
    expect(out["report-dir"]).toBe(join(ws.project, "reports", "ci", "42-1-hyvve-qa-report"));
    const result = runFile(out["report-dir"]!);
    expect(result.suites.map((s) => s.name).sort()).toEqual(["fail", "pass"]);
    expect(existsSync(join(out["report-dir"]!, "junit.xml"))).toBe(true);
    const summary = readFileSync(join(ws.root, "summary.md"), "utf8");
    expect(summary).toContain("## hyvve-qa: failed");
    expect(summary).toMatch(/\| fail \| command \| failed \| 1 \| 1 \|/);
    expect(qa.stdout).toMatch(/^::error .*title=fail › breaks::expected 1 to be 2$/m);
    // The run history is where the save step looks for it.
    expect(out["history"]).toBe("true");
    expect(run.steps["resolve"]!["history-file"]).toBe(
      join(ws.project, "reports", "history.jsonl"),
    );
    expect(existsSync(run.steps["resolve"]!["history-file"]!)).toBe(true);
    expect(verdict.exitCode).toBe(1);
    expect(verdict.stdout).toContain("hyvve-qa: failed (exit 1)");
  });

  it("passes the step when the run passes", async () => {
    const ws = callerWorkspace();
    const { run, verdict } = await runAction(
      { suites: "pass", "working-directory": "proj", "base-url": inject("refUrl") },
      ws.root,
    );
    expect(run.steps["run"]!["verdict"]).toBe("passed");
    expect(run.steps["run"]!["exit-code"]).toBe("0");
    expect(verdict.exitCode).toBe(0);
  });

  it("treats inputs as data: no shell runs them, a suite name is never a flag, quotes group extra-args", async () => {
    const ws = callerWorkspace();
    const mark = join(ws.root, "pwned");
    for (const suites of [`pass; touch ${mark}`, `$(touch ${mark})`, "--allow-production"]) {
      const { run, qa } = await runAction({ suites, "working-directory": "proj" }, ws.root);
      expect(run.steps["run"]!["exit-code"], suites).toBe("2");
      expect(run.steps["run"]!["verdict"]).toBe("error");
      expect(qa.stderr).toMatch(/E_USAGE unknown suite/);
      expect(existsSync(mark)).toBe(false);
    }
    const history = join(ws.root, "my history; $(touch x).jsonl");
    const quoted = await runAction(
      {
        suites: "pass",
        "working-directory": "proj",
        "base-url": inject("refUrl"),
        "extra-args": `--history '${history}'`,
      },
      ws.root,
    );
    expect(quoted.run.steps["run"]!["exit-code"]).toBe("0");
    expect(existsSync(history)).toBe(true);
    expect(existsSync(join(ws.project, "x"))).toBe(false);
    const broken = await runAction(
      { suites: "pass", "working-directory": "proj", "extra-args": "--grep 'unclosed" },
      ws.root,
    );
    expect(broken.run.steps["run"]!["exit-code"]).toBe("2");
    expect(broken.qa.stdout).toContain("::error title=hyvve-qa::extra-args: unbalanced quotes");
    expect(broken.verdict.exitCode).toBe(2);
  });

  it("hands the runners the OTLP endpoint, profile, k6 and Chromium; names a shard's artifact", async () => {
    const receiver = createServer((req, res) => req.resume().on("end", () => res.end("{}")));
    await new Promise<void>((done) => receiver.listen(0, "127.0.0.1", done));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    try {
      const ws = callerWorkspace();
      const run = new CompositeRun(
        action,
        {
          suites: "env",
          "working-directory": "proj",
          "base-url": inject("refUrl"),
          profile: "full",
          shard: "1/1",
          "otlp-endpoint": endpoint,
        },
        githubEnv(ws.root),
      );
      for (const id of ["resolve", "pins", "k6", "browser", "run"]) {
        const step = await run.run(id, ws.root);
        expect(step.exitCode, `${id}: ${step.stdout}${step.stderr}`).toBe(0);
      }
      const k6 = await pinnedK6();
      expect(run.steps["pins"]!["k6-version"]).toBe(k6);
      expect(run.steps["resolve"]!["artifact-name"]).toBe("hyvve-qa-report-shard-1-of-1");
      const out = run.steps["run"]!;
      expect(out["exit-code"]).toBe("0");
      expect(out["report-dir"]).toMatch(/reports\/ci\/42-1-hyvve-qa-report-shard-1-of-1$/);
      const titles = runFile(out["report-dir"]!).suites[0]!.cases.map((c) => c.title);
      expect(titles.sort()).toEqual(
        [
          `CHROMIUM_PATH=/usr/bin/chromium`,
          `HYVVE_K6=${join(ACTION_PATH, ".cache", "k6", k6, "k6")}`,
          "HYVVE_PROFILE=full",
          `OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}`,
        ].sort(),
      );
      // A shard is not a run: no history to save.
      expect(out["history"]).toBeUndefined();
    } finally {
      receiver.close();
    }
  });

  it("runs hyvve-qa's own suites when the working directory has no config, and refuses a missing one", async () => {
    const ws = callerWorkspace();
    mkdirSync(join(ws.root, "app"));
    const run = new CompositeRun(action, { "working-directory": "app" }, githubEnv(ws.root));
    const r = await run.run("resolve", ws.root);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("no hyvve-qa config in app: running hyvve-qa's own suites");
    expect(run.steps["resolve"]!["project-dir"]).toBe(realpathSync(ACTION_PATH));
    expect(run.steps["resolve"]!["out-dir"]).toBe(
      join(ws.root, "app", "reports", "ci", "42-1-hyvve-qa-report"),
    );
    const missing = new CompositeRun(action, { "working-directory": "nope" }, githubEnv(ws.root));
    const m = await missing.run("resolve", ws.root);
    expect(m.exitCode).toBe(2);
    expect(m.stdout).toContain("::error title=hyvve-qa::working-directory: no such folder, nope");
  });
});

interface GitLabJob {
  image: string;
  variables: Record<string, string>;
  cache: { key: string; paths: string[]; when?: string; policy?: string }[];
  before_script: string[];
  script: string[];
  artifacts: { when: string; reports: { junit: string }; paths: string[]; exclude?: string[] };
}

describe("ci/gitlab/hyvve-qa.yml", () => {
  const template = readYaml<Record<string, GitLabJob>>("ci/gitlab/hyvve-qa.yml");
  const job = template[".hyvve-qa"]!;

  it("is a hidden Debian job with Debian's Chromium, its JUnit as the test report, caches kept always", async () => {
    expect(Object.keys(template)).toEqual([".hyvve-qa"]);
    expect(job.image).toMatch(/^node:20-bookworm/);
    expect(browserPackages(job.before_script.join("\n"))).toContain("chromium");
    expect(job.artifacts.when).toBe("always");
    expect(job.artifacts.reports.junit).toBe("reports/latest/junit.xml");
    expect(job.artifacts.paths).toContain("reports/");
    const k6 = await pinnedK6();
    const tools = job.cache.find((c) => c.paths.some((p) => p.endsWith(".cache/k6/")))!;
    expect(tools.key).toContain(k6);
    const history = job.cache.find((c) => c.paths.includes("reports/history.jsonl"))!;
    for (const cache of [tools, history]) expect(cache.when).toBe("always");
    const used = new Set(
      [...[...job.before_script, ...job.script].join("\n").matchAll(/\$\{?(HYVVE_QA_\w+)/g)].map(
        (m) => m[1]!,
      ),
    );
    for (const name of used) expect(job.variables, name).toHaveProperty(name);
    for (const name of ["SUITES", "ENV", "PROFILE", "SHARD"])
      expect(job.variables).toHaveProperty(`HYVVE_QA_${name}`);
  });

  it("its script runs the suites and leaves the JUnit where artifacts:reports:junit reads it", async () => {
    const ws = callerWorkspace();
    const variables = {
      ...job.variables,
      HYVVE_QA_HOME: ACTION_PATH,
      HYVVE_QA_SUITES: "pass fail",
      HYVVE_QA_BASE_URL: inject("refUrl"),
    };
    const env = {
      PATH: process.env["PATH"]!,
      HOME: process.env["HOME"]!,
      NO_COLOR: "1",
      CI_PROJECT_DIR: ws.project,
      ...Object.fromEntries(
        Object.entries(variables).map(([k, v]) => [k, v.replace("$CI_PROJECT_DIR", ws.project)]),
      ),
    };
    const r = await runBash(job.script.join("\n"), ws.project, env);
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    const junit = readFileSync(join(ws.project, job.artifacts.reports.junit), "utf8");
    expect(junit).toMatch(/<testsuite [^>]*name="fail"/);
    expect(junit).toMatch(/<testsuite [^>]*name="pass"/);
    const runs = readdirSync(join(ws.project, "reports")).filter((f) => /^\d/.test(f));
    expect(runs).toHaveLength(1);
    const hostile = await runBash(job.script.join("\n"), ws.project, {
      ...env,
      HYVVE_QA_SUITES: `pass; touch ${join(ws.root, "pwned")}`,
    });
    expect(hostile.exitCode).toBe(2);
    expect(existsSync(join(ws.root, "pwned"))).toBe(false);
  });
});

describe(".github/workflows", () => {
  const names = readdirSync(join(ACTION_PATH, ".github", "workflows"));
  const workflows = Object.fromEntries(
    names.map((n) => [
      n,
      readYaml<{ jobs: Record<string, { container?: string; steps: ActionStep[] }> }>(
        `.github/workflows/${n}`,
      ),
    ]),
  );

  it("put no expression inside a script", () => {
    expect(names.sort()).toEqual(["ci.yml", "load.yml", "visual.yml"]);
    for (const [name, workflow] of Object.entries(workflows))
      for (const script of workflowScripts(workflow)) expect(expressions(script), name).toEqual([]);
  });

  it("render visual snapshots in Debian with Debian's Chromium, as the baselines were, through the action", () => {
    const actionPackages = browserPackages(steps.find((s) => s.id === "browser")!.run!);
    expect(actionPackages).toContain("chromium");
    // e2e and quota run in the headless shell of the same build (issue 14).
    expect(actionPackages).toContain("chromium-headless-shell");
    for (const name of ["ci.yml", "visual.yml"]) {
      const text = readFileSync(join(ACTION_PATH, ".github", "workflows", name), "utf8");
      expect(text, name).not.toMatch(/google-chrome|CHROMIUM_PATH/);
      const job = Object.values(workflows[name]!.jobs)[0]!;
      expect(job.container, name).toMatch(/^node:20-bookworm/);
      const installs = workflowScripts(workflows[name]!)
        .map(browserPackages)
        .find((p) => p.length);
      // The same packages (Chromium and fonts) everywhere a visual run can happen.
      expect(installs, name).toEqual(actionPackages);
      const qa = job.steps.find((s) => s.uses === "./")!;
      expect(qa, name).toBeDefined();
    }
    const gitlab = readYaml<Record<string, GitLabJob>>("ci/gitlab/hyvve-qa.yml")[".hyvve-qa"]!;
    expect(browserPackages(gitlab.before_script.join("\n"))).toEqual(actionPackages);
    const visual = Object.values(workflows["visual.yml"]!.jobs)[0]!.steps.find(
      (s) => s.uses === "./",
    );
    expect(String(visual!.with!["suites"]).split(/\s+/)).toContain("visual");
    const ci = Object.values(workflows["ci.yml"]!.jobs)[0]!.steps.find((s) => s.uses === "./");
    expect(ci!.with!["suites"] ?? "").toBe("");
  });
});
