// Placeholder until the Playwright visual adapter lands (being written now); fails loudly.
import type { Config } from "../config/schema.js";
import { EnvironmentError } from "../errors.js";

export function updateVisualBaselines(_options: { config: Config; rootDir: string }): Promise<number> {
  return Promise.reject(new EnvironmentError("visual baselines cannot be updated by this build", "see README"));
}
