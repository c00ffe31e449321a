import type { TestProject } from "vitest/node";
import { startReferenceApp, type ReferenceApp } from "./helpers/reference-app.js";

// One shared reference app (no faults) for every test file of the projects
// that list this setup (all but unit: test/vitest.config.ts). Tests that need
// faults or other env start their own; nobody mutates this one's faults.
//
// Each project runs its global setup in a module graph of its own, so the app
// is kept on globalThis (the one vitest process) to be started once, and
// stopped after the last project that uses it.

declare module "vitest" {
  export interface ProvidedContext {
    refUrl: string;
    refToken: string;
  }
}

const SHARED = Symbol.for("hyvve-qa.test.reference-app");

interface Shared {
  app: Promise<ReferenceApp>;
  users: number;
}

const holder = globalThis as { [SHARED]?: Shared };

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (holder[SHARED] ??= { app: startReferenceApp(), users: 0 });
  shared.users += 1;
  const app = await shared.app;
  project.provide("refUrl", app.url);
  project.provide("refToken", app.token);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete holder[SHARED];
    await app.stop();
  };
}
