/** `hyvve-qa list`: each suite with its runner and how many test files it has. */
import { glob } from "tinyglobby";
import { loadConfig } from "../../config/load.js";
import { EXIT } from "../exit.js";

export async function listCommand(raw: { config?: string }): Promise<number> {
  const { config, rootDir } = await loadConfig(process.cwd(), raw.config);
  const rows = await Promise.all(
    Object.entries(config.suites).map(async ([name, suite]) => {
      const files = await glob([...suite.files], { cwd: rootDir, ignore: ["**/node_modules/**"] });
      return {
        name,
        kind: suite.kind,
        runner: suite.runner,
        files: files.length,
        exclusive: suite.exclusive,
      };
    }),
  );
  const width = Math.max(5, ...rows.map((r) => r.name.length));
  process.stdout.write(
    `${"suite".padEnd(width)}  ${"kind".padEnd(13)}  ${"runner".padEnd(10)}  files\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `${r.name.padEnd(width)}  ${r.kind.padEnd(13)}  ${r.runner.padEnd(10)}  ${String(r.files).padStart(5)}${r.exclusive ? "  (runs alone)" : ""}\n`,
    );
  }
  return EXIT.ok;
}
