import { launchReferenceApp } from "../../src/target/reference-app.js";

// Starts an instance of the BUILT reference app of the suite's own, for the
// checks that must configure the app at start-up (where its spans go, its
// sampling ratio). The app the CLI started is configured by the CLI; this
// one is started by the same launcher the CLI uses.

export interface OwnApp {
  url: string;
  token: string;
  stop(): Promise<void>;
  /** An authorised fetch against this instance. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function startOwnReferenceApp(env: Record<string, string>): Promise<OwnApp> {
  const app = await launchReferenceApp({
    env: {
      // The regression under test applies to this instance too.
      ...(process.env["HYVVE_FAULTS"] ? { HYVVE_REF_FAULTS: process.env["HYVVE_FAULTS"] } : {}),
      ...env,
    },
  });
  return {
    url: app.url,
    token: app.token,
    stop: app.stop,
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${app.token}`);
      return fetch(`${app.url}${path}`, { ...init, headers });
    },
  };
}
