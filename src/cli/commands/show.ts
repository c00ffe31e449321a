/**
 * `hyvve-qa show [RUN]`: serve a run folder's report in review mode on
 * 127.0.0.1 (like `playwright show-report`), where failed visual snapshots
 * can be compared and accepted over their committed baselines. Serves until
 * SIGINT/SIGTERM, then closes and exits 0.
 */
import { realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { loadConfig } from "../../config/read.js";
import { EnvironmentError, InputFileError, UsageError } from "../../errors.js";
import { readRunFile, RUN_FILE } from "../../results/run-file.js";
import { startReviewServer } from "../../review/server.js";
import { EXIT } from "../exit.js";

export interface ShowOptions {
  port?: string;
  config?: string;
}

/** --port as a TCP port (0: any free one). */
function parsePort(raw: string | undefined): number {
  const port = Number(raw ?? "9323");
  if (!/^\d+$/.test(raw ?? "9323") || !Number.isInteger(port) || port > 65535)
    throw new UsageError(`--port ${raw}: not a port number`, "pass 0..65535 (0: any free port)");
  return port;
}

/** RUN as a run folder or its run.json → the folder's real path and run.json's path. */
async function runFolder(arg: string): Promise<{ dir: string; file: string }> {
  const path = resolve(process.cwd(), arg);
  const info = await stat(path).catch(() => undefined);
  if (!info)
    throw new InputFileError(
      `${arg}: no such run folder`,
      "pass a folder written by `hyvve-qa run` (or its run.json)",
    );
  const dir = await realpath(info.isDirectory() ? path : dirname(path));
  return { dir, file: info.isDirectory() ? join(dir, RUN_FILE) : join(dir, basename(path)) };
}

/** Resolves on the first SIGINT or SIGTERM (main.ts's own handler then stands aside). */
function untilSignal(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** Loads the config and the run, serves until a signal, closes; exit 0 (bad input throws: 2). */
export async function showCommand(run: string | undefined, raw: ShowOptions): Promise<number> {
  const port = parsePort(raw.port);
  const { config, rootDir } = await loadConfig(process.cwd(), raw.config);
  const folder = await runFolder(run ?? join(rootDir, config.reportsDir, "latest"));
  const result = await readRunFile(folder.file);
  const roots = { rootDir, realRoot: await realpath(rootDir), realRunDir: folder.dir };
  // Listen for the signal before serving, so a Ctrl-C right after the URL line is not lost.
  const stopped = untilSignal();
  const server = await startReviewServer({ run: result, roots, port }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new EnvironmentError(`port ${port} is in use`, "pass another --port, or --port 0");
    if (code === "EACCES")
      throw new EnvironmentError(`port ${port} is not allowed here`, "pass a port above 1024");
    throw error;
  });
  process.stdout.write(`hyvve-qa: serving ${folder.dir} at ${server.url} (Ctrl-C to stop)\n`);
  await stopped;
  await server.close();
  return EXIT.ok;
}
