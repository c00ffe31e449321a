/**
 * Which Chromium build each kind of suite launches (issue 14): the headless
 * shell for e2e and quota when there is one, the full browser otherwise, and
 * the full browser always for visual (its baselines are that build's renders).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findChromium, findHeadlessChromium } from "../../src/setup/chromium.js";
import { tempDir } from "../helpers/cli.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Two empty files: existence is all the lookup checks. */
function fakeBinaries(): { shell: string; full: string } {
  const dir = tempDir("hyvve-qa-chromium-");
  dirs.push(dir);
  const shell = join(dir, "shell");
  const full = join(dir, "full");
  for (const file of [shell, full]) writeFileSync(file, "");
  return { shell, full };
}

describe("findHeadlessChromium", () => {
  it("takes $CHROMIUM_HEADLESS_SHELL_PATH first, and never for the full browser", () => {
    const { shell, full } = fakeBinaries();
    const env = { CHROMIUM_HEADLESS_SHELL_PATH: shell, CHROMIUM_PATH: full };
    expect(findHeadlessChromium(env)).toBe(shell);
    expect(findChromium(env)).toBe(full);
  });

  it("skips a path that does not exist: Debian's headless shell, else the full browser", () => {
    const { shell, full } = fakeBinaries();
    const env = { CHROMIUM_HEADLESS_SHELL_PATH: "/nonexistent/shell", CHROMIUM_PATH: full };
    // `shell` stands in for Debian's /usr/lib/chromium/chromium-headless-shell.
    expect(findHeadlessChromium(env, shell)).toBe(shell);
    expect(findHeadlessChromium(env, "/nonexistent/debian-shell")).toBe(full);
  });
});
