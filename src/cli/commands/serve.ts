/** `hyvve-qa serve`: the reference app alone, until Ctrl-C. */
import { loadConfig } from "../../config/read.js";
import { configSchema } from "../../config/schema.js";
import { EXIT } from "../exit.js";
import { untilAborted, withLocalTarget } from "../../orchestrate/local-target.js";

export async function serveCommand(): Promise<number> {
  // Outside a project (no config) the reference app still serves, with defaults.
  const { config, rootDir } = await loadConfig(process.cwd()).catch(() => ({
    config: configSchema.parse({ suites: {} }),
    rootDir: process.cwd(),
  }));
  await withLocalTarget(
    config,
    rootDir,
    async (target, signal) => {
      // Printing the token is this command's purpose: it is a throwaway local test token.
      const services = Object.entries(target.services)
        .map(([name, s]) => `  ${`${name}:`.padEnd(11)}${s.url}\n`)
        .join("");
      process.stdout.write(
        `reference app: ${target.baseUrl}\n${services}  token:     ${target.token}\n  workspace: ${target.workspaceId}\n` +
          `  try:       curl -H "Authorization: Bearer ${target.token}" ${target.baseUrl}/api/dashboard/widgets\n` +
          `  browser:   ${target.baseUrl}/dashboard (set cookie hyvve_session=<token>)\nCtrl-C stops it.\n`,
      );
      await untilAborted(signal);
    },
    (entry, line) => process.stderr.write(`[${entry}] ${line}\n`),
  );
  return EXIT.ok;
}
