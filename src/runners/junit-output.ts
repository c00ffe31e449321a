import { existsSync } from "node:fs";
import { describeError } from "../errors.js";
import { readJUnitFile } from "../results/import/junit.js";
import { casesOutput, noOutput, unreadableOutput, type RunnerOutput } from "./outcome.js";

/** A runner's JUnit output through the JUnit importer; missing or unreadable said so. */
export async function readJUnitOutput(path: string, suite: string): Promise<RunnerOutput> {
  if (!existsSync(path)) return noOutput;
  try {
    return casesOutput((await readJUnitFile(path, suite)).cases);
  } catch (error) {
    return unreadableOutput(`could not read the runner's results: ${describeError(error)}`);
  }
}
