import { execa } from "execa";
import { BIN, REPO } from "./helpers/cli.js";

// The telemetry project's real receivers: the pinned Jaeger and promtool, built
// from the Go module proxy into .cache/ once and reused afterwards (what
// `bash .ci/setup.sh jaeger promtool` ends with; the rest of setup.sh — Chromium,
// npm packages, the build — `npm test` has done already). Only this project
// asks for them, so `npm run test:unit` and the other projects never build Go.
// With both built it only checks and reports (about a second).
export async function setup(): Promise<void> {
  const r = await execa(process.execPath, [BIN, "setup", "jaeger", "promtool"], {
    cwd: REPO,
    reject: false,
    all: true,
    stdin: "ignore",
    // A first build takes minutes: say so as it goes.
    stdout: ["pipe", "inherit"],
    stderr: ["pipe", "inherit"],
  });
  if (r.exitCode !== 0)
    throw new Error(
      `\`hyvve-qa setup jaeger promtool\` exited ${r.exitCode} (is the CLI built? npm run build):\n${r.all}`,
    );
}
