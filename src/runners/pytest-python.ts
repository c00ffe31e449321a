/**
 * Which Python runs a pytest suite, and whether it has pytest. In order: the
 * suite's `python` (a path relative to its folder, e.g. `.venv/bin/python`,
 * or a command on PATH), `$HYVVE_PYTHON`, `python3` on PATH. One probe per
 * interpreter and folder per run: it prints Python's version, its real
 * executable and pytest's version, so the report can say which one ran.
 */
import { isAbsolute, resolve } from "node:path";
import { EnvironmentError } from "../errors.js";
import { runSupervised } from "../process/supervisor.js";

export interface PythonChoice {
  /** What is started: an absolute path, or a command looked up on PATH. */
  command: string;
  /** Where the choice came from, for messages: `suites.unit.python`, `$HYVVE_PYTHON`, `python3 on PATH`. */
  source: string;
}

export interface PythonProbe {
  choice: PythonChoice;
  /** Python's version (3.11.2); undefined when the command is not a working Python. */
  python?: string;
  /** sys.executable: where a shim, a wrapper or a venv really leads. */
  executable?: string;
  /** pytest's version; undefined when the interpreter cannot import it. */
  pytest?: string;
  /** Why the probe fell short: the spawn error or the last line Python printed. */
  problem?: string;
}

const PROBE =
  "import sys; print(sys.version.split()[0]); print(sys.executable); import pytest; print(pytest.__version__)";

/** A path (it has a slash) resolves against `base`; a bare name is a command for PATH. */
function asCommand(spec: string, base: string): string {
  return spec.includes("/") && !isAbsolute(spec) ? resolve(base, spec) : spec;
}

/** The suite's interpreter, else $HYVVE_PYTHON (relative to where hyvve-qa runs), else python3. */
export function choosePython(
  suite: { name: string; python?: string | undefined; cwd: string },
  env: Record<string, string | undefined>,
): PythonChoice {
  if (suite.python)
    return { command: asCommand(suite.python, suite.cwd), source: `suites.${suite.name}.python` };
  const fromEnv = env["HYVVE_PYTHON"];
  if (fromEnv) return { command: asCommand(fromEnv, process.cwd()), source: "$HYVVE_PYTHON" };
  return { command: "python3", source: "python3 on PATH" };
}

const probes = new Map<string, Promise<PythonProbe>>();

/** Ask the interpreter for its version and pytest's; cached, it is the same answer all run long. */
export function probePython(
  choice: PythonChoice,
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<PythonProbe> {
  const key = `${choice.command}\u0000${cwd}`;
  let probe = probes.get(key);
  if (probe === undefined) {
    probe = runProbe(choice, cwd, env);
    probes.set(key, probe);
  }
  return probe;
}

/** One run of PROBE; a crash, a missing file or a missing module is data, never a throw. */
async function runProbe(
  choice: PythonChoice,
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<PythonProbe> {
  const r = await runSupervised(choice.command, ["-c", PROBE], { cwd, env, timeoutMs: 30_000 });
  if (r.end.kind === "spawn-failed") return { choice, problem: r.end.message };
  const [python, executable, pytest] = r.stdout.split("\n").map((l) => l.trim());
  const probe: PythonProbe = { choice };
  if (python && /^\d+\.\d+/.test(python)) probe.python = python;
  if (probe.python && executable) probe.executable = executable;
  if (probe.python && pytest) probe.pytest = pytest;
  if (!probe.pytest) probe.problem = lastLine(r.stderr) ?? lastLine(r.stdout) ?? "no output";
  return probe;
}

/** Python says what went wrong last: "ModuleNotFoundError: No module named 'pytest'". */
function lastLine(text: string): string | undefined {
  return text.trimEnd().split("\n").at(-1)?.trim() || undefined;
}

/** "/usr/bin/python3 (3.11.2)", with the real executable when the command was a shim or wrapper. */
export function describePython(probe: PythonProbe): string {
  const { command } = probe.choice;
  const real = probe.executable && probe.executable !== command ? `, ${probe.executable}` : "";
  return `${command} (${probe.python ?? "?"}${real})`;
}

/** How to get pytest, for the doctor line and the error hint alike. */
export function pytestFix(command: string, suite = "<name>"): string {
  return `${command} -m pip install pytest (Debian: apt-get install python3-pytest), or point suites.${suite}.python / HYVVE_PYTHON at an interpreter that has it`;
}

/** The interpreter a suite will run, with pytest; an EnvironmentError (exit 2) naming it when it cannot. */
export async function requirePytest(
  suite: { name: string; python?: string | undefined; cwd: string },
  env: Record<string, string | undefined>,
): Promise<PythonProbe> {
  const choice = choosePython(suite, env);
  const probe = await probePython(choice, suite.cwd, env);
  if (probe.pytest) return probe;
  if (!probe.python)
    throw new EnvironmentError(
      `no Python at ${choice.command} (${choice.source}): ${probe.problem ?? "it does not run"}`,
      `install Python 3, or point suites.${suite.name}.python / HYVVE_PYTHON at one`,
    );
  throw new EnvironmentError(
    `${describePython(probe)} has no pytest (${choice.source}): ${probe.problem ?? ""}`.trimEnd(),
    pytestFix(choice.command, suite.name),
  );
}
