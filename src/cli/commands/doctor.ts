/** `hyvve-qa doctor`: what this machine has for each runner, and how to get what is missing. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import chalk from "chalk";
import { runSupervised } from "../../runners/supervisor.js";
import { findChromium } from "../../runners/browser.js";
import { EXIT } from "../exit.js";

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export async function doctorCommand(): Promise<number> {
  const checks: Check[] = [];
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  checks.push({
    name: "node",
    ok: major > 20 || (major === 20 && minor >= 19),
    detail: process.version,
    fix: "install Node.js 20.19 or newer",
  });
  const chromium = findChromium(process.env);
  checks.push(
    chromium
      ? { name: "chromium", ok: true, detail: chromium }
      : {
          name: "chromium",
          ok: false,
          detail: "not found",
          fix: "apt-get install -y chromium, or set CHROMIUM_PATH",
        },
  );
  const app = fileURLToPath(
    new URL("../../../fixtures/reference-app/server/main.js", import.meta.url),
  );
  checks.push({
    name: "reference app",
    ok: existsSync(app),
    detail: existsSync(app) ? "built" : "not built",
    fix: "npm run build",
  });
  const { k6Check } = await import("../../runners/k6-binary.js");
  const k6 = await k6Check(process.cwd(), process.env);
  const go = await runSupervised("go", ["version"], {
    cwd: process.cwd(),
    env: { ...process.env },
    timeoutMs: 10_000,
  });
  checks.push({
    name: "go",
    // Go is only needed to build k6; with a k6 at hand its absence is fine.
    ok: go.exitCode === 0 || k6.ok,
    detail: go.exitCode === 0 ? go.stdout.trim() : "not found (only needed to build k6)",
  });
  checks.push(k6);
  checks.push({
    name: "percy",
    ok: true,
    detail: process.env["PERCY_TOKEN"]
      ? "PERCY_TOKEN set: snapshots are uploaded"
      : "no PERCY_TOKEN: local visual comparison only",
  });
  for (const c of checks) {
    const mark = c.ok ? chalk.green("ok  ") : chalk.red("MISS");
    process.stdout.write(
      `${mark} ${c.name.padEnd(14)} ${c.detail}${!c.ok && c.fix ? `\n     fix: ${c.fix}` : ""}\n`,
    );
  }
  return checks.every((c) => c.ok) ? EXIT.ok : EXIT.usage;
}
