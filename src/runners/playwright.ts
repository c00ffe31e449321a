// Placeholder until the playwright adapter lands (being written now); fails loudly rather than pretending.
import { EnvironmentError } from "../errors.js";
import type { RunnerAdapter } from "./types.js";

export const playwrightRunner: RunnerAdapter = {
  run() {
    return Promise.reject(new EnvironmentError("the playwright runner is not available in this build", "see README"));
  },
};
