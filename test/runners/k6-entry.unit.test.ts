/**
 * The k6 command's inputs (src/runners/k6-entry.ts): execution segments, the
 * scenario name of a script, its exec exports, the --grep wrapper and the
 * generated entry module of `load manifest` — both also imported here in
 * Node (they are plain ESM) to check what k6 would see: the script's options
 * with some scenarios, merged scenarios and thresholds, re-exported
 * functions, setup.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  entrySource,
  execExports,
  scenarioOfScript,
  segmentArgs,
  wrapperSource,
} from "../../src/runners/k6-entry.js";

describe("segmentArgs", () => {
  it("gives no flags for a single instance", () => {
    expect(segmentArgs(0, 1)).toEqual([]);
    expect(segmentArgs(0, 0)).toEqual([]);
  });

  it("gives instance i of 3 the segment i/3:(i+1)/3 of the sequence 0,1/3,2/3,1", () => {
    const sequence = ["--execution-segment-sequence", "0,1/3,2/3,1"];
    expect(segmentArgs(0, 3)).toEqual(["--execution-segment", "0:1/3", ...sequence]);
    expect(segmentArgs(1, 3)).toEqual(["--execution-segment", "1/3:2/3", ...sequence]);
    expect(segmentArgs(2, 3)).toEqual(["--execution-segment", "2/3:1", ...sequence]);
  });

  it("splits 2 instances into halves", () => {
    expect(segmentArgs(1, 2)).toEqual([
      "--execution-segment",
      "1/2:1",
      "--execution-segment-sequence",
      "0,1/2,1",
    ]);
  });
});

describe("scenarioOfScript", () => {
  it.each([
    ["suites/load/a2a-endpoints.ts", "a2a_endpoints"],
    ["/abs/ccr-route-mix.js", "ccr_route_mix"],
    ["x/quota.mjs", "quota"],
    ["x/quota.cts", "quota"],
    ["plain", "plain"],
    ["odd name.v2.js", "odd_name_v2"],
  ])("%s → %s", (file, scenario) => {
    expect(scenarioOfScript(file)).toBe(scenario);
  });
});

describe("execExports", () => {
  it("lists exported functions, without k6's lifecycle exports", () => {
    const source = [
      "import http from 'k6/http';",
      "export const options = {};",
      "export function setup() {}",
      "export default function () {}",
      "export function teardown() {}",
      "export function handleSummary(data) { return {}; }",
      "export function navi() {}",
      "export async function dashboard() {}",
      "export   function $weird_1() {}",
      "function notExported() {}",
      "  export function indented() {}",
      "export function navi() {}",
    ].join("\n");
    // navi only once; the indented one is not at the start of a line.
    expect(execExports(source)).toEqual(["navi", "dashboard", "$weird_1"]);
  });
});

async function tempScripts(files: Record<string, string>): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), "k6-entry-"));
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = join(dir, name);
    await writeFile(paths[name], text);
  }
  return paths;
}

const scriptA = `
export const options = {
  summaryTrendStats: ["p(95)"],
  scenarios: { navi: { executor: "shared-iterations", exec: "navi" } },
  thresholds: { http_req_duration: ["p(95)<500"], "http_req_duration{endpoint:navi}": ["p(95)<300"] },
};
export function setup() { globalThis.__setupRan = [...(globalThis.__setupRan ?? []), "a"]; }
export default function () {}
export function navi() { return "navi from a"; }
`;
const scriptB = `
export const options = {
  scenarios: { route: { executor: "constant-vus", exec: "route" } },
  thresholds: { http_req_duration: ["p(95)<500", "p(99)<1000"] },
};
export function setup() { globalThis.__setupRan = [...(globalThis.__setupRan ?? []), "b"]; }
export function handleSummary() { return {}; }
export async function route() { return "route from b"; }
`;

describe("entrySource", () => {
  it("imports each script and re-exports its exec functions, not its lifecycle ones", async () => {
    const p = await tempScripts({ "a.mjs": scriptA, "b.mjs": scriptB });
    const source = await entrySource([p["a.mjs"]!, p["b.mjs"]!], (s) => `./spec/${s}`);
    expect(source).toContain(`import * as s0 from ${JSON.stringify(`./spec/${p["a.mjs"]}`)};`);
    expect(source).toContain(`import * as s1 from ${JSON.stringify(`./spec/${p["b.mjs"]}`)};`);
    expect(source).toContain("export const navi = s0.navi;");
    expect(source).toContain("export const route = s1.route;");
    expect(source).not.toMatch(/export const (setup|default|teardown|handleSummary) =/);
  });

  it("generates a module that merges scenarios and thresholds and runs every setup", async () => {
    const p = await tempScripts({ "a.mjs": scriptA, "b.mjs": scriptB });
    const source = await entrySource([p["a.mjs"]!, p["b.mjs"]!], (s) => pathToFileURL(s).href);
    const entry = join(p["a.mjs"]!, "..", "entry.mjs");
    await writeFile(entry, source);
    const g = globalThis as { __setupRan?: string[]; __ENV?: Record<string, string> };
    g.__ENV = {}; // k6 always defines __ENV; the init code reads HYVVE_GREP from it
    const mod = (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as {
      options: {
        summaryTrendStats?: string[];
        scenarios: Record<string, { exec: string }>;
        thresholds: Record<string, string[]>;
      };
      navi: () => string;
      route: () => Promise<string>;
      setup: () => void;
      handleSummary: (data: unknown) => Record<string, string>;
    };
    expect(Object.keys(mod.options.scenarios)).toEqual(["navi", "route"]);
    expect(mod.options.scenarios["route"]!.exec).toBe("route");
    // Union per metric, without repeats: ["p(95)<500"] ∪ ["p(95)<500", "p(99)<1000"].
    expect(mod.options.thresholds).toEqual({
      http_req_duration: ["p(95)<500", "p(99)<1000"],
      "http_req_duration{endpoint:navi}": ["p(95)<300"],
    });
    expect(mod.options.summaryTrendStats).toEqual(["p(95)"]); // the first script's other options
    expect(mod.navi()).toBe("navi from a");
    expect(await mod.route()).toBe("route from b");
    g.__setupRan = [];
    mod.setup();
    expect(g.__setupRan).toEqual(["a", "b"]);
    // handleSummary writes the summary JSON where HYVVE_K6_SUMMARY says, else nothing.
    g.__ENV = { HYVVE_K6_SUMMARY: "/tmp/summary.json" };
    expect(mod.handleSummary({ metrics: { x: 1 } })).toEqual({
      "/tmp/summary.json": JSON.stringify({ metrics: { x: 1 } }),
    });
    g.__ENV = {};
    expect(mod.handleSummary({})).toEqual({});
    delete g.__ENV;
  });

  it("keeps only the scenarios --grep names (HYVVE_GREP), and refuses a pattern that names none", async () => {
    const p = await tempScripts({ "a.mjs": scriptA, "b.mjs": scriptB });
    const source = await entrySource([p["a.mjs"]!, p["b.mjs"]!], (s) => pathToFileURL(s).href);
    const g = globalThis as { __ENV?: Record<string, string> };
    const load = async (name: string, grep: string) => {
      const entry = join(p["a.mjs"]!, "..", name);
      await writeFile(entry, source);
      g.__ENV = { HYVVE_GREP: grep };
      try {
        return (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as {
          options: { scenarios: Record<string, unknown> };
        };
      } finally {
        delete g.__ENV;
      }
    };
    expect(Object.keys((await load("grep-route.mjs", "^rou")).options.scenarios)).toEqual([
      "route",
    ]);
    await expect(load("grep-none.mjs", "^nothing$")).rejects.toThrow(
      "no load scenario matches --grep ^nothing$",
    );
  });

  it("refuses two scripts that export the same exec function", async () => {
    const p = await tempScripts({
      "one.js": "export function shared() {}\nexport function onlyOne() {}\n",
      "two.js": "export function shared() {}\n",
    });
    await expect(entrySource([p["one.js"]!, p["two.js"]!], (s) => s)).rejects.toThrow(
      `${p["two.js"]}: the function shared is exported by another load script too`,
    );
  });

  it("generates a module that throws when two scripts define the same scenario", async () => {
    const a = `export const options = { scenarios: { same: { exec: "fa" } } };\nexport function fa() {}\n`;
    const b = `export const options = { scenarios: { same: { exec: "fb" } } };\nexport function fb() {}\n`;
    const p = await tempScripts({ "a.mjs": a, "b.mjs": b });
    const source = await entrySource([p["a.mjs"]!, p["b.mjs"]!], (s) => pathToFileURL(s).href);
    const entry = join(p["a.mjs"]!, "..", "entry.mjs");
    await writeFile(entry, source);
    const g = globalThis as { __ENV?: Record<string, string> };
    g.__ENV = {};
    await expect(import(/* @vite-ignore */ pathToFileURL(entry).href)).rejects.toThrow(
      "two load scripts define the scenario same",
    );
    delete g.__ENV;
  });
});

describe("wrapperSource (--grep)", () => {
  it("is the script with only the kept scenarios: its other options, exports and default stay", async () => {
    const script = `
export const options = {
  vus: 3,
  thresholds: { checks: ["rate>0.99"] },
  scenarios: { alpha: { exec: "alpha" }, beta: { exec: "beta" }, gamma: {} },
};
export function alpha() { return "alpha"; }
export function beta() { return "beta"; }
export function handleSummary() { return { "own.json": "{}" }; }
export default function () { return "default"; }
`;
    const p = await tempScripts({ "multi.mjs": script });
    const wrapper = join(p["multi.mjs"]!, "..", "wrapper.mjs");
    await writeFile(wrapper, wrapperSource(pathToFileURL(p["multi.mjs"]!).href, ["beta", "gamma"]));
    const mod = (await import(/* @vite-ignore */ pathToFileURL(wrapper).href)) as {
      options: { vus: number; thresholds: unknown; scenarios: Record<string, unknown> };
      alpha: () => string;
      beta: () => string;
      handleSummary: () => Record<string, string>;
      default: () => string;
    };
    expect(Object.keys(mod.options.scenarios)).toEqual(["beta", "gamma"]);
    expect(mod.options.vus).toBe(3);
    expect(mod.options.thresholds).toEqual({ checks: ["rate>0.99"] });
    expect([mod.alpha(), mod.beta(), mod.default()]).toEqual(["alpha", "beta", "default"]);
    expect(mod.handleSummary()).toEqual({ "own.json": "{}" });
  });
});
