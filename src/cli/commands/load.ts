// Placeholder until the k6 adapter lands (being written now); fails loudly.
import { EnvironmentError } from "../../errors.js";

export function loadManifestCommand(_raw: { parallelism: string; script?: string; out: string; config?: string }): Promise<number> {
  return Promise.reject(new EnvironmentError("load manifest is not available in this build", "see README"));
}
