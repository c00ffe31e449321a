import { existsSync } from "node:fs";
import { describeError } from "../errors.js";
import { readJUnitFile } from "../results/junit-read.js";
import type { ReadResults } from "./outcome.js";

/** A runner's JUnit output: undefined when it wrote none, an error when it wrote garbage. */
export async function readJUnitOutput(
  path: string,
  suite: string,
): Promise<ReadResults | { error: string } | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    return { cases: (await readJUnitFile(path, suite)).cases };
  } catch (error) {
    return { error: `could not read the runner's results: ${describeError(error)}` };
  }
}
