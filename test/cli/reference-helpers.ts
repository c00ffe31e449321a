/** The long flag of every `run` option, from the typed flag table. */
import { runFlags } from "../../src/cli/options.js";

export function runOptionsFlagNames(): string[] {
  return Object.values(runFlags).map((f) => /--[a-z-]+/.exec(f.flags)![0]);
}
