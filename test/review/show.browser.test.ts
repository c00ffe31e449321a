/**
 * `hyvve-qa show` through the built CLI: a synthetic project with committed
 * visual baselines and a failed visual run (two images share one colour
 * change, one differs). In real Chromium the review page works under its
 * CSP and accepting writes the actual images over the baselines; the server
 * refuses foreign Hosts and Origins, traversal and baselines outside the
 * project; the static index.html has no accept controls; Ctrl-C exits 0.
 */
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer as createNetServer } from "node:net";
import { request } from "node:http";
import { dirname, join } from "node:path";
import type { Browser } from "@playwright/test";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/reporters/html.js";
import { launchChromium } from "../helpers/browser.js";
import { runCli, servedUrl, startCli, tempDir } from "../helpers/cli.js";

type Rgba = [number, number, number, number];
const WHITE: Rgba = [255, 255, 255, 255];
const INK: Rgba = [0x1d, 0x23, 0x30, 255];
const RED_INK: Rgba = [0xb9, 0x1c, 0x1c, 255];
const GREY: Rgba = [0xe5, 0xe7, 0xeb, 255];
const BLUE: Rgba = [0x25, 0x63, 0xeb, 255];
const SNAPSHOTS = "suites/visual/__snapshots__";

/** A PNG of w×h: `fg` inside the box (x0..x1, y0..y1), `bg` elsewhere. */
function png(w: number, h: number, bg: Rgba, fg: Rgba, box = [4, 4, w - 4, h - 6]): Buffer {
  const image = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const inside = x >= box[0]! && x < box[2]! && y >= box[1]! && y < box[3]!;
      image.data.set(inside ? fg : bg, (y * w + x) * 4);
    }
  return PNG.sync.write(image);
}

interface Shot {
  id: string;
  stem: string;
  expected: Buffer;
  actual: Buffer;
  baseline: string;
}

/** Two widths of a title whose text colour changed, and a card whose fill changed. */
function shots(): Shot[] {
  return [
    ["title-w1280", png(48, 16, WHITE, INK), png(48, 16, WHITE, RED_INK)],
    ["title-w768", png(32, 16, WHITE, INK), png(32, 16, WHITE, RED_INK)],
    ["card-w1280", png(40, 24, WHITE, GREY), png(40, 24, WHITE, BLUE)],
  ].map(([stem, expected, actual]) => ({
    id: `visual:suites/visual/widgets.spec.ts:${stem as string}`,
    stem: stem as string,
    expected: expected as Buffer,
    actual: actual as Buffer,
    baseline: `${SNAPSHOTS}/${stem as string}.png`,
  }));
}

/** A failed visual run folder; `baselineOf` may record a hostile baseline instead of the real one. */
function writeRun(dir: string, list: Shot[], baselineOf = (s: Shot) => s.baseline): void {
  const cases = list.map((s) => {
    const folder = join("suites", "visual", "attachments", s.stem);
    mkdirSync(join(dir, folder), { recursive: true });
    const file = (kind: string) => `${folder}/${s.stem}-${kind}.png`;
    writeFileSync(join(dir, file("expected")), s.expected);
    writeFileSync(join(dir, file("actual")), s.actual);
    writeFileSync(join(dir, file("diff")), png(40, 16, WHITE, RED_INK));
    const att = (kind: string) => ({
      name: `${s.stem}-${kind}.png`,
      path: file(kind),
      contentType: "image/png",
    });
    return {
      id: s.id,
      title: s.stem,
      titlePath: ["widgets", s.stem],
      file: "suites/visual/widgets.spec.ts",
      status: "failed",
      durationMs: 120,
      retries: 0,
      failure: { message: `Screenshot comparison failed: ${s.stem}` },
      attachments: [{ ...att("expected"), baseline: baselineOf(s) }, att("actual"), att("diff")],
    };
  });
  const run = {
    schemaVersion: 1,
    id: "2026-01-02T03-04-05-000-abcdef",
    startedAt: "2026-01-02T03:04:05.000Z",
    finishedAt: "2026-01-02T03:04:09.000Z",
    environment: { name: "local" },
    profile: "smoke",
    git: {},
    status: "failed",
    suites: [
      {
        name: "visual",
        kind: "visual",
        runner: "playwright",
        status: "failed",
        durationMs: 4000,
        cases,
      },
    ],
  };
  writeFileSync(join(dir, "run.json"), JSON.stringify(run));
}

/** A project folder (inside `base`) with its config, committed baselines and one run. */
function makeProject(): { base: string; root: string; runDir: string; list: Shot[] } {
  const base = tempDir("hyvve-qa-show-");
  const root = join(base, "project");
  mkdirSync(join(root, SNAPSHOTS), { recursive: true });
  writeFileSync(join(root, "hyvve-qa.config.mjs"), "export default { suites: {} };\n");
  const list = shots();
  for (const s of list) writeFileSync(join(root, s.baseline), s.expected);
  const runDir = join(root, "reports", "run-1");
  mkdirSync(runDir, { recursive: true });
  writeRun(runDir, list);
  return { base, root, runDir, list };
}

interface Served {
  url: string;
  port: number;
  /** SIGINT, then the exit code. */
  stop(): Promise<number | undefined>;
}

/** `hyvve-qa show` on any free port; resolves once it printed its URL. */
async function show(root: string, run: string): Promise<Served> {
  const proc = startCli(["show", run, "--port", "0"], { cwd: root, timeout: 120_000 });
  const url = await servedUrl(proc);
  return {
    url,
    port: Number(new URL(url).port),
    stop: async () => {
      proc.kill("SIGINT");
      return (await proc).exitCode;
    },
  };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers and path (no normalisation, unlike fetch). */
function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
        agent: false,
      },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A same-origin JSON POST to the accept API, as the page sends it. */
function accept(
  port: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return raw(port, "/_review/api/accept", {
    method: "POST",
    headers: {
      origin: `http://127.0.0.1:${port}`,
      "content-type": "application/json",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

describe("hyvve-qa show", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("reviews in Chromium: three images, slider, blink, accept one, accept a group", async () => {
    const { root, runDir, list } = makeProject();
    const [titleWide, titleNarrow, card] = list as [Shot, Shot, Shot];
    const served = await show(root, runDir);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("response", (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.addInitScript(() => {
      const w = window as unknown as { violations: string[] };
      w.violations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        w.violations.push(e.violatedDirective),
      );
    });
    try {
      await page.goto(served.url);
      const panels = page.locator(".rv-panel");
      await expect.poll(() => panels.count()).toBe(3);
      // The panel shows the visual images; the plain attachment list does not repeat them.
      expect(await page.locator("#failures .attachments img").count()).toBe(0);
      for (let i = 0; i < 3; i++) {
        const side = panels.nth(i).locator(".rv-side img");
        expect(await side.count()).toBe(3);
        await expect
          .poll(() =>
            side.evaluateAll((imgs) =>
              imgs.every((img) => (img as HTMLImageElement).naturalWidth > 0),
            ),
          )
          .toBe(true);
      }
      const wide = page.locator(`.rv-panel[data-image="title-w1280-expected.png"]`);
      // Slider: the range sets how much of the actual (over the expected) shows.
      await wide.locator(".rv-range").fill("30");
      await expect
        .poll(() => wide.locator(".rv-over").getAttribute("class"))
        .toContain("rv-clip-30");
      expect(await wide.locator(".rv-over").evaluate((el) => getComputedStyle(el).clipPath)).toBe(
        "inset(0px 70% 0px 0px)",
      );
      // Blink: expected and actual take turns (as rendered: exactly one is visible); pause stops it.
      const actualShown = () => wide.locator(".rv-b-actual").isVisible();
      const first = await actualShown();
      await expect.poll(actualShown, { timeout: 5000 }).toBe(!first);
      await expect.poll(actualShown, { timeout: 5000 }).toBe(first);
      await wide.locator(".rv-pause").click();
      const paused = await actualShown();
      expect(await wide.locator(".rv-b-expected").isVisible()).toBe(!paused);
      await page.waitForTimeout(1200);
      expect(await actualShown()).toBe(paused);
      expect(await wide.locator(".rv-pause").innerText()).toBe("play");

      // Accept one image: its baseline now holds the actual's bytes, and nothing else changed.
      await wide.locator(".rv-accept").click();
      await expect
        .poll(() => readFileSync(join(root, titleWide.baseline)).equals(titleWide.actual))
        .toBe(true);
      await expect.poll(() => page.locator("#accepted-list li").count()).toBe(1);
      expect(await page.locator("#accepted-list").innerText()).toContain(titleWide.baseline);
      expect(await page.locator("#accepted-git").innerText()).toBe(
        `git add -- ${titleWide.baseline}`,
      );
      expect(readFileSync(join(root, titleNarrow.baseline)).equals(titleNarrow.expected)).toBe(
        true,
      );
      expect(readFileSync(join(root, card.baseline)).equals(card.expected)).toBe(true);

      // Accept all with the same change: both title widths, never the card.
      const all = wide.locator(".rv-accept-all");
      expect(await all.innerText()).toBe("accept all 2 with the same change");
      expect(
        await page
          .locator(`.rv-panel[data-image="card-w1280-expected.png"] .rv-accept-all`)
          .count(),
      ).toBe(0);
      await all.click();
      await expect
        .poll(() => readFileSync(join(root, titleNarrow.baseline)).equals(titleNarrow.actual))
        .toBe(true);
      expect(readFileSync(join(root, titleWide.baseline)).equals(titleWide.actual)).toBe(true);
      expect(readFileSync(join(root, card.baseline)).equals(card.expected)).toBe(true);
      await expect.poll(() => page.locator("#accepted-list li").count()).toBe(2);
      expect(await page.locator("#accepted-git").innerText()).toBe(
        `git add -- ${titleWide.baseline} ${titleNarrow.baseline}`,
      );
      await expect.poll(() => page.locator(".rv-panel.rv-accepted").count()).toBe(2);
      // No temp files were left beside the baselines.
      expect(readdirSync(join(root, SNAPSHOTS)).sort()).toEqual([
        "card-w1280.png",
        "title-w1280.png",
        "title-w768.png",
      ]);

      const changes = JSON.parse((await raw(served.port, "/_review/api/changes")).body) as {
        image: string;
        group: string;
        accepted: boolean;
        baseline: string;
      }[];
      expect(changes.map((c) => [c.image, c.group, c.accepted])).toEqual([
        ["title-w1280-expected.png", "#123f→#b11f", true],
        ["title-w768-expected.png", "#123f→#b11f", true],
        ["card-w1280-expected.png", "#eeef→#26ef", false],
      ]);
      expect(errors).toEqual([]);
      expect(
        await page.evaluate(() => (window as unknown as { violations: string[] }).violations),
      ).toEqual([]);
    } finally {
      await page.close();
      expect(await served.stop()).toBe(0);
    }
  });

  it("refuses foreign Hosts and Origins, non-JSON POSTs and paths outside the run folder", async () => {
    const { base, root, runDir, list } = makeProject();
    writeFileSync(join(root, "secret.txt"), "TOPSECRET\n");
    symlinkSync(join(root, "secret.txt"), join(runDir, "leak.txt"));
    const served = await show(root, runDir);
    const { port } = served;
    try {
      const group = { group: "#123f→#b11f" };
      const foreign = await accept(port, group, { origin: "http://evil.example" });
      expect(foreign.status).toBe(403);
      expect(JSON.parse(foreign.body).error).toContain("Origin");
      expect((await accept(port, group, { origin: `http://127.0.0.1:${port + 1}` })).status).toBe(
        403,
      );
      const noOrigin = await raw(port, "/_review/api/accept", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(group),
      });
      expect(noOrigin.status).toBe(403);
      expect((await accept(port, group, { "content-type": "text/plain" })).status).toBe(403);
      expect(
        (await accept(port, group, { "content-type": "application/x-www-form-urlencoded" })).status,
      ).toBe(403);
      const rebinding = await raw(port, "/", { headers: { host: "evil.example" } });
      expect(rebinding.status).toBe(403);
      expect(rebinding.body).not.toContain("rv-panel");
      expect(
        (await raw(port, "/_review/api/changes", { headers: { host: `evil.example:${port}` } }))
          .status,
      ).toBe(403);
      expect(
        (await accept(port, group, { host: "evil.example", origin: "http://evil.example" })).status,
      ).toBe(403);
      for (const s of list)
        expect(readFileSync(join(root, s.baseline)).equals(s.expected)).toBe(true);

      // localhost is this server too; the page itself cannot be framed.
      expect((await raw(port, "/", { headers: { host: `localhost:${port}` } })).status).toBe(200);
      const page = await raw(port, "/");
      expect(page.headers["x-frame-options"]).toBe("DENY");
      expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      // Files of the run folder are served (sandboxed); nothing outside it is.
      const runFile = await raw(port, "/run.json");
      expect(runFile.status).toBe(200);
      expect(runFile.headers["content-security-policy"]).toContain("sandbox");
      for (const path of [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/suites/..%2f..%2f..%2fsecret.txt",
        "/../../secret.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "/..%5c..%5csecret.txt",
        `/${encodeURIComponent(join(root, "secret.txt"))}`,
        "/leak.txt",
      ]) {
        const answer = await raw(port, path);
        expect(answer.status, path).not.toBe(200);
        expect(answer.body, path).not.toContain("TOPSECRET");
        expect(answer.body, path).not.toContain("root:");
      }
      expect(readdirSync(base).sort()).toEqual(["project"]);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it("refuses baselines run.json puts outside the project root, and writes nothing", async () => {
    const { base, root } = makeProject();
    const outside = join(base, "outside.png");
    const original = png(8, 8, WHITE, INK);
    writeFileSync(outside, original);
    writeFileSync(join(root, SNAPSHOTS, "notes.txt"), "not an image\n");
    symlinkSync(outside, join(root, SNAPSHOTS, "link.png"));
    const hostile: Record<string, string> = {
      "title-w1280": "../outside.png",
      "title-w768": outside,
      "card-w1280": "suites/../../outside.png",
    };
    const extra = shots().map((s, i) => ({
      ...s,
      id: `${s.id}#${i}`,
      stem: `${s.stem}-x`,
    }));
    const extraBaselines = [
      `${SNAPSHOTS}/notes.txt`,
      `${SNAPSHOTS}/missing.png`,
      `${SNAPSHOTS}/link.png`,
    ];
    const runDir = join(root, "reports", "hostile");
    mkdirSync(runDir, { recursive: true });
    writeRun(runDir, [...shots(), ...extra], (s) =>
      s.stem.endsWith("-x")
        ? extraBaselines[extra.findIndex((e) => e.id === s.id)]!
        : hostile[s.stem]!,
    );
    const served = await show(root, runDir);
    try {
      const changes = JSON.parse((await raw(served.port, "/_review/api/changes")).body) as {
        caseId: string;
        image: string;
        baseline: string;
      }[];
      expect(changes).toHaveLength(6);
      const expectStatus: Record<string, number> = {
        "../outside.png": 403,
        [outside]: 403,
        "suites/../../outside.png": 403,
        [`${SNAPSHOTS}/notes.txt`]: 400,
        [`${SNAPSHOTS}/missing.png`]: 400,
        [`${SNAPSHOTS}/link.png`]: 403,
      };
      for (const c of changes) {
        const answer = await accept(served.port, { caseId: c.caseId, image: c.image });
        expect(answer.status, c.baseline).toBe(expectStatus[c.baseline]);
        expect(JSON.parse(answer.body).error, c.baseline).toMatch(/baseline/);
      }
      // A group with a bad member is refused as a whole.
      expect((await accept(served.port, { group: "#123f→#b11f" })).status).toBe(403);
      // A path in the request is never used.
      expect(
        (
          await accept(served.port, {
            caseId: changes[0]!.caseId,
            image: changes[0]!.image,
            baseline: "x.png",
          })
        ).status,
      ).toBe(400);
      expect(readFileSync(outside).equals(original)).toBe(true);
      expect(lstatSync(join(root, SNAPSHOTS, "link.png")).isSymbolicLink()).toBe(true);
      expect(readdirSync(base).sort()).toEqual(["outside.png", "project"]);
      expect(readdirSync(join(root, SNAPSHOTS)).sort()).toEqual([
        "card-w1280.png",
        "link.png",
        "notes.txt",
        "title-w1280.png",
        "title-w768.png",
      ]);
      expect(JSON.parse((await raw(served.port, "/_review/api/accepted")).body)).toEqual({
        files: [],
        gitAdd: "",
      });
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it("leaves the static index.html without accept controls", async () => {
    const { root, runDir } = makeProject();
    const out = join(root, "reports", "static");
    const r = await runCli(
      ["report", "--run", join(runDir, "run.json"), "--out", out, "--no-baseline", "--no-history"],
      { cwd: root },
    );
    expect(r.exitCode, r.all).toBe(1);
    const html = readFileSync(join(out, "index.html"), "utf8");
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    expect(html).toBe(renderHtml(run));
    for (const marker of ["rv-panel", "rv-accept", "/_review/", "connect-src", "Accepted — ready"])
      expect(html).not.toContain(marker);
    expect(html).not.toMatch(/accept/i);
    // The same run served by `show` has them.
    const served = await show(root, runDir);
    try {
      const page = (await raw(served.port, "/")).body;
      expect(page).toContain("accept all 2 with the same change");
      expect(page).toContain('<script src="/_review/review.js"></script>');
      expect(page).toContain("connect-src &#39;self&#39;");
      expect(page).not.toMatch(/ style=|\son[a-z]+=/);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it("exits 2 with one line on a missing folder, a malformed run.json or a port in use", async () => {
    const { root, runDir } = makeProject();
    const missing = await runCli(["show", "nope"], { cwd: root });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.split("\n")[0]).toBe("hyvve-qa: E_INPUT nope: no such run folder");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const noLatest = await runCli(["show"], { cwd: root });
    expect(noLatest.exitCode).toBe(2);
    expect(noLatest.stderr).toMatch(/^hyvve-qa: E_INPUT .*reports\/latest: no such run folder/);

    const bad = join(root, "reports", "bad");
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, "run.json"), "{ not json");
    const malformed = await runCli(["show", bad], { cwd: root });
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toMatch(/^hyvve-qa: E_INPUT .*run\.json: not valid JSON\n/);

    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const inUse = await runCli(["show", runDir, "--port", String(taken)], { cwd: root });
      expect(inUse.exitCode).toBe(2);
      expect(inUse.stderr.split("\n")[0]).toBe(`hyvve-qa: E_ENV port ${taken} is in use`);
    } finally {
      blocker.close();
    }
    const badPort = await runCli(["show", runDir, "--port", "http"], { cwd: root });
    expect(badPort.exitCode).toBe(2);
    expect(badPort.stderr.split("\n")[0]).toBe("hyvve-qa: E_USAGE --port http: not a port number");
  });

  it("serves the default <reportsDir>/latest and stops on Ctrl-C with exit 0", async () => {
    const { root, runDir } = makeProject();
    symlinkSync("run-1", join(dirname(runDir), "latest"));
    const proc = startCli(["show", "--port", "0"], { cwd: root });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      proc.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /serving (.+) at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) {
          expect(m[1]).toBe(realpathSync(runDir));
          resolve(m[2]!);
        }
      });
      proc.then((r) => reject(new Error(String(r.all))), reject);
    });
    expect((await raw(Number(new URL(url).port), "/")).status).toBe(200);
    proc.kill("SIGINT");
    const result = await proc;
    expect(result.exitCode).toBe(0);
    expect(String(result.stdout).trim().split("\n")).toHaveLength(1);
    await expect(raw(Number(new URL(url).port), "/")).rejects.toThrow(/ECONNREFUSED/);
  });
});
