// The built reference app on a free loopback port, for the load benchmarks
// that time k6 against it directly. Build first: npm run build.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;

/** Starts the app with a fresh token (and `extraEnv`, e.g. HYVVE_REF_FAULTS); resolves once it prints its URL. */
export async function startApp(extraEnv = {}) {
  const token = randomBytes(18).toString("base64url");
  const app = spawn(process.execPath, [join(root, "dist/fixtures/reference-app/server/main.js")], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "test",
      HYVVE_REF_TOKEN: token,
      HYVVE_REF_PORT: "0",
      HYVVE_REF_HOST: "127.0.0.1",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve) => {
    let buf = "";
    const onData = (d) => {
      buf += d;
      const m = /"url":"([^"]+)"/.exec(buf);
      if (m) {
        app.stdout.off("data", onData);
        app.stdout.resume();
        resolve(m[1]);
      }
    };
    app.stdout.on("data", onData);
  });
  return { url, token, app };
}
