import { existsSync } from "node:fs";
import { describeError } from "../errors.js";
import { casesOutput, noOutput, unreadableOutput, type RunnerOutput } from "./outcome.js";

let reader: Promise<typeof import("../results/import/junit.js")> | undefined;

/**
 * The JUnit importer (and its XML parser), loaded once. Adapters start it as
 * their runner spawns: it then loads while the runner works, not before the
 * first spawn or after the last exit.
 */
export function loadJUnitReader(): Promise<typeof import("../results/import/junit.js")> {
  return (reader ??= import("../results/import/junit.js"));
}

/** A runner's JUnit output through the JUnit importer; missing or unreadable said so. */
export async function readJUnitOutput(path: string, suite: string): Promise<RunnerOutput> {
  if (!existsSync(path)) return noOutput;
  try {
    const { readJUnitFile } = await loadJUnitReader();
    return casesOutput((await readJUnitFile(path, suite)).cases);
  } catch (error) {
    return unreadableOutput(`could not read the runner's results: ${describeError(error)}`);
  }
}
