/**
 * Just enough of a CI runner to execute the real scripts of action.yml and
 * ci/gitlab/hyvve-qa.yml with bash, as GitHub Actions and GitLab run them:
 * `${{ inputs.X }}` / `${{ steps.ID.outputs.X }}` in a step's env are
 * evaluated (any other expression is an error, so the test notices), the
 * script runs as `bash --noprofile --norc -eo pipefail FILE`, and
 * $GITHUB_OUTPUT is read back into the step's outputs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { parse } from "yaml";
import { REPO, tempDir } from "../helpers/cli.js";

export interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}

export interface ActionFile {
  inputs: Record<string, { default?: string; description?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** A repository YAML file, parsed (the real file, never a copy). */
export function readYaml<T>(path: string): T {
  return parse(readFileSync(join(REPO, path), "utf8")) as T;
}

/** Every `${{ ... }}` expression in a text, trimmed. */
export function expressions(text: string): string[] {
  return [...text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)].map((m) => m[1]!);
}

/** A composite run: inputs (defaults overridden) and the outputs of the steps run so far. */
export class CompositeRun {
  readonly inputs: Record<string, string>;
  readonly steps: Record<string, Record<string, string>> = {};

  constructor(
    readonly action: ActionFile,
    given: Record<string, string>,
    /** The runner's environment: GITHUB_*, RUNNER_*, PATH, HOME. */
    readonly env: Record<string, string>,
  ) {
    for (const name of Object.keys(given))
      if (!(name in action.inputs)) throw new Error(`action.yml has no input ${name}`);
    const defaults = Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ""]);
    this.inputs = { ...Object.fromEntries(defaults), ...given };
  }

  /** The value of a step env entry; only inputs and step outputs are known here. */
  evaluate(text: string): string {
    return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expr);
      if (input) {
        if (!(input[1]! in this.inputs)) throw new Error(`undeclared input ${input[1]}`);
        return this.inputs[input[1]!]!;
      }
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (output) return this.steps[output[1]!]?.[output[2]!] ?? "";
      throw new Error(`expression not supported in a step env: ${expr}`);
    });
  }

  /** Runs the bash step with this id (or name) and records its outputs. */
  async run(idOrName: string, cwd: string): Promise<StepResult> {
    const step = this.action.runs.steps.find((s) => s.id === idOrName || s.name === idOrName);
    if (!step?.run) throw new Error(`no run step ${idOrName} in action.yml`);
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, this.evaluate(String(v))]),
    );
    const result = await runBash(step.run, cwd, { ...this.env, ...stepEnv });
    if (step.id) this.steps[step.id] = result.outputs;
    return result;
  }
}

/** One script as the runners execute `shell: bash`, with $GITHUB_OUTPUT read back. */
export async function runBash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<StepResult> {
  const dir = tempDir("hyvve-qa-step-");
  const file = join(dir, "step.sh");
  const outputFile = join(dir, "output");
  writeFileSync(file, script);
  writeFileSync(outputFile, "");
  const r = await execa("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], {
    cwd,
    env: { ...env, GITHUB_OUTPUT: outputFile },
    extendEnv: false,
    reject: false,
    timeout: 150_000,
    stdin: "ignore",
  });
  return {
    exitCode: r.exitCode,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    outputs: parseOutputs(readFileSync(outputFile, "utf8")),
  };
}

/** $GITHUB_OUTPUT's two forms: `name=value` and `name<<DELIMITER` … `DELIMITER`. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`unterminated output ${heredoc[1]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) throw new Error(`malformed output line: ${line}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}
