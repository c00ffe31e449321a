import type { TestProject } from "vitest/node";
import { startReferenceApp, type ReferenceApp } from "./helpers/reference-app.js";

// One shared reference app (no faults) for every test file. Tests that need
// faults or other env start their own; nobody mutates this one's faults.

declare module "vitest" {
  export interface ProvidedContext {
    refUrl: string;
    refToken: string;
  }
}

let app: ReferenceApp | undefined;

export async function setup(project: TestProject): Promise<void> {
  app = await startReferenceApp();
  project.provide("refUrl", app.url);
  project.provide("refToken", app.token);
}

export async function teardown(): Promise<void> {
  await app?.stop();
}
