/**
 * doctor's Playwright line: for each package whose Playwright runs a suite,
 * which copy it is and whether the browser that copy would download is
 * there. A config may point `launchOptions.executablePath` at a system
 * Chromium instead (hyvve-qa's own configs and the example do), which doctor
 * cannot see without running the config: so a missing download is a note
 * saying both ways out, never a MISS.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { loadConfigIfAny } from "../../config/read.js";
import { suiteDir } from "../../config/suite-paths.js";
import { describeTool, packageTool, type PackageTool } from "../../setup/package-tools.js";
import type { Check } from "./doctor.js";

/** Why: the Chromium a Playwright copy downloads (`npx playwright install`), as that copy names it. */
function downloadedChromium(tool: PackageTool): string | undefined {
  try {
    const core = createRequire(join(tool.dir, "package.json"))("playwright-core") as {
      chromium: { executablePath(): string };
    };
    return core.chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** Why: one line per Playwright copy the config's suites run, with the suites that use it. */
export async function playwrightCheck(cwd: string): Promise<Check> {
  const loaded = await loadConfigIfAny(cwd).catch(() => undefined);
  const byTool = new Map<string, { tool: PackageTool; suites: string[]; dir: string }>();
  for (const [name, suite] of Object.entries(loaded?.config.suites ?? {})) {
    if (suite.runner !== "playwright") continue;
    const dir = suiteDir(loaded!.rootDir, suite);
    const tool = packageTool("@playwright/test", dir);
    const entry = byTool.get(tool.dir) ?? { tool, suites: [], dir };
    entry.suites.push(name);
    byTool.set(tool.dir, entry);
  }
  if (byTool.size === 0) return { name: "playwright", ok: true, detail: "no Playwright suite" };
  const lines = [...byTool.values()].map(({ tool, suites, dir }) => {
    const copy = describeTool("@playwright/test", tool, loaded!.rootDir);
    const browser = downloadedChromium(tool);
    const where = relative(loaded!.rootDir, dir) || ".";
    const state =
      browser && existsSync(browser)
        ? `its Chromium download is installed (${browser})`
        : `its Chromium download (${browser ?? "unknown"}) is not installed: the config must set use.launchOptions.executablePath (e.g. /usr/bin/chromium), or run \`npx playwright install chromium\` in ${where}`;
    return `${suites.join(", ")}: ${copy}; ${state}`;
  });
  return { name: "playwright", ok: true, detail: lines.join("\n                    ") };
}
