// Placeholder until the k6 adapter lands (being written now); fails loudly rather than pretending.
import { EnvironmentError } from "../errors.js";
import type { RunnerAdapter } from "./types.js";

export const k6Runner: RunnerAdapter = {
  run() {
    return Promise.reject(new EnvironmentError("the k6 runner is not available in this build", "see README"));
  },
};
