// Placeholder until the k6 adapter lands (being written now); fails loudly.
import { EnvironmentError } from "../errors.js";
import type { RunResult } from "../results/model.js";

export function runFromK6Outputs(_paths: string[]): Promise<RunResult> {
  return Promise.reject(new EnvironmentError("k6 outputs cannot be merged by this build", "see README"));
}
