/** Real Chromium for the project's own tests: Debian's when present (no download possible here). */
import { chromium, type Browser } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../../src/setup/chromium.js";

export function launchChromium(): Promise<Browser> {
  const executablePath = findChromium(process.env);
  return chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
}
