/** `hyvve-qa serve`: the reference app alone, until Ctrl-C. */
import { loadConfig } from "../../config/load.js";
import { startTarget } from "../../target/index.js";
import { EXIT } from "../exit.js";

export async function serveCommand(): Promise<number> {
  const { config, rootDir } = await loadConfig(process.cwd()).catch(() => ({
    config: { environments: {} } as never,
    rootDir: process.cwd(),
  }));
  const controller = new AbortController();
  const target = await startTarget({
    config,
    name: "local",
    baseUrlOverride: undefined,
    env: process.env,
    rootDir,
    signal: controller.signal,
    onLog: (line) => process.stderr.write(`[app] ${line}\n`),
  });
  // Printing the token is this command's purpose: it is a throwaway local test token.
  process.stdout.write(
    `reference app: ${target.baseUrl}\n  token:     ${target.token}\n  workspace: ${target.workspaceId}\n` +
      `  try:       curl -H "Authorization: Bearer ${target.token}" ${target.baseUrl}/api/dashboard/widgets\n` +
      `  browser:   ${target.baseUrl}/dashboard (set cookie hyvve_session=<token>)\nCtrl-C stops it.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await target.stop();
  return EXIT.ok;
}
