/**
 * probeUrl (src/target/stack-ready.ts) against a real local HTTP server:
 * which answers count as "up" (Playwright's webServer rule), and the reason
 * given when there is no answer.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpStatus, probeUrl } from "../../src/target/stack-ready.js";

let server: Server;
let base: string;
const hanging = new Set<import("node:http").ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const status = Number(req.url?.slice(1));
    if (req.url === "/hang") return void hanging.add(res);
    if (status === 302) res.setHeader("location", "/404");
    // A body the probe must not wait for: it is never finished.
    if (req.url === "/200-streaming") return void res.writeHead(200).write("partial");
    res.writeHead(status).end("body");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const address = s.address();
  await new Promise((r) => s.close(r));
  return typeof address === "object" && address ? address.port : 0;
}

describe("probeUrl", () => {
  it.each([200, 204, 302, 400, 401, 403])("counts HTTP %i as up", async (status) => {
    expect(await probeUrl(`${base}/${status}`)).toEqual({ ok: true });
  });

  it.each([404, 500, 503])("counts HTTP %i as not up, and says so", async (status) => {
    expect(await probeUrl(`${base}/${status}`)).toEqual({ ok: false, why: `HTTP ${status}` });
  });

  it("does not follow a redirect (302 to a 404 is still up)", async () => {
    expect(await httpStatus(`${base}/302`)).toEqual({ status: 302 });
  });

  it("answers on the status line without waiting for the body", async () => {
    expect(await probeUrl(`${base}/200-streaming`)).toEqual({ ok: true });
  });

  it("names the socket error of a port nothing listens on", async () => {
    const port = await closedPort();
    expect(await probeUrl(`http://127.0.0.1:${port}/healthz`)).toEqual({
      ok: false,
      why: "ECONNREFUSED",
    });
  });

  it("gives up on a server that never answers after the timeout", async () => {
    const started = performance.now();
    expect(await httpStatus(`${base}/hang`, undefined, 200)).toEqual({ why: "timed out" });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("stops waiting when the signal aborts", async () => {
    const controller = new AbortController();
    const answer = httpStatus(`${base}/hang`, controller.signal, 10_000);
    setTimeout(() => controller.abort(), 50);
    expect(await answer).toEqual({ why: "aborted" });
  });

  it("says what is wrong with a URL it cannot request", async () => {
    expect(await probeUrl("not a url")).toEqual({ ok: false, why: '"not a url" is not a URL' });
    expect(await probeUrl("ftp://127.0.0.1/")).toEqual({
      ok: false,
      why: "ftp: is not http or https",
    });
  });
});

describe("probeUrl over https", () => {
  // A self-signed certificate made once for this test (100 years):
  //   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  //     -keyout self-signed.key.pem -out self-signed.cert.pem -days 36500 -subj "/CN=127.0.0.1"
  const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

  it("checks the certificate, as a browser would: a self-signed one is not up", async () => {
    const tls = createHttpsServer(
      { key: fixture("self-signed.key.pem"), cert: fixture("self-signed.cert.pem") },
      (_req, res) => res.writeHead(200).end("ok"),
    );
    await new Promise<void>((r) => tls.listen(0, "127.0.0.1", r));
    const address = tls.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      expect(await probeUrl(`https://127.0.0.1:${port}/healthz`)).toEqual({
        ok: false,
        why: "DEPTH_ZERO_SELF_SIGNED_CERT",
      });
    } finally {
      tls.closeAllConnections();
      await new Promise((r) => tls.close(r));
    }
  });
});
