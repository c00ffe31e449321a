/**
 * `hyvve-qa load manifest --parallelism N [--script F] [--out DIR]`: the same
 * load test, for a distributed run on Kubernetes with the k6-operator.
 *
 * Writes DIR/hyvve-load.tar (a `k6 archive` of the generated entry and every
 * script it imports, full profile) and DIR/hyvve-load.yaml with a ConfigMap
 * holding that archive, a PersistentVolumeClaim for the raw outputs, and a
 * TestRun with N runners. Each runner writes its raw points, gzipped by k6, to
 * /results/<pod>.json.gz; collect them and run `hyvve-qa report --k6 FILE...`,
 * which merges them and evaluates the thresholds on the union. No secret is
 * written: the token comes from a Secret the cluster already has.
 */
import { suiteDir } from "../../config/suite-paths.js";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadConfig } from "../../config/read.js";
import type { Config } from "../../config/schema.js";
import { EnvironmentError, UsageError } from "../../errors.js";
import { k6Env, requireK6 } from "../../setup/k6.js";
import { entrySource, resolveScripts } from "../../runners/k6-entry.js";
import { succeeded } from "../../process/process-end.js";
import { runSupervised } from "../../process/supervisor.js";
import { EXIT } from "../exit.js";

const NAME = "hyvve-load";
const ARCHIVE = `${NAME}.tar`;
/** ConfigMaps are limited to 1 MiB in total; keep room for the base64 overhead. */
const MAX_ARCHIVE_BYTES = 700 * 1024;

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

/** A small YAML writer for plain data: block style, every string double-quoted (JSON escaping is valid YAML). */
export function toYaml(value: Yaml, indent = 0): string {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return value
      .map((item) => {
        const inner = toYaml(item, indent + 2);
        return `${pad}- ${typeof item === "object" && item !== null && !Array.isArray(item) ? inner.trimStart() : inner.trim()}`;
      })
      .join("\n");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return entries
      .map(([k, v]) => {
        if (
          v !== null &&
          typeof v === "object" &&
          (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)
        ) {
          return `${pad}${k}:\n${toYaml(v, Array.isArray(v) ? indent : indent + 2)}`;
        }
        return `${pad}${k}: ${toYaml(v, 0)}`;
      })
      .join("\n");
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

export interface ManifestInput {
  parallelism: number;
  archiveBase64: string;
  baseUrl: string;
  workspaceId: string;
  environment: string;
}

export function manifests(input: ManifestInput): Yaml[] {
  const configMap: Yaml = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${NAME}-script`, labels: { "app.kubernetes.io/part-of": "hyvve-qa" } },
    binaryData: { [ARCHIVE]: input.archiveBase64 },
  };
  const claim: Yaml = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: `${NAME}-results`, labels: { "app.kubernetes.io/part-of": "hyvve-qa" } },
    spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "2Gi" } } },
  };
  const testRun: Yaml = {
    apiVersion: "k6.io/v1alpha1",
    kind: "TestRun",
    metadata: { name: NAME, labels: { "app.kubernetes.io/part-of": "hyvve-qa" } },
    spec: {
      parallelism: input.parallelism,
      script: { configMap: { name: `${NAME}-script`, file: ARCHIVE } },
      // $(POD_NAME) is expanded by Kubernetes from the runner env below: one raw output per runner.
      // A .gz name: k6 gzips the raw points as it writes them (a soak's points are GBs of text).
      arguments: "--no-usage-report --out json=/results/$(POD_NAME).json.gz",
      runner: {
        env: [
          { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          { name: "HYVVE_BASE_URL", value: input.baseUrl },
          {
            name: "HYVVE_TOKEN",
            valueFrom: { secretKeyRef: { name: `${NAME}-token`, key: "token" } },
          },
          { name: "HYVVE_WORKSPACE_ID", value: input.workspaceId },
          { name: "HYVVE_ENV", value: input.environment },
          { name: "HYVVE_PROFILE", value: "full" },
          { name: "K6_AUTO_EXTENSION_RESOLUTION", value: "false" },
        ],
        volumes: [{ name: "results", persistentVolumeClaim: { claimName: `${NAME}-results` } }],
        volumeMounts: [{ name: "results", mountPath: "/results" }],
      },
    },
  };
  return [configMap, claim, testRun];
}

export interface ManifestOptions {
  parallelism: string;
  script?: string;
  out: string;
  config?: string;
}

export async function loadManifestCommand(raw: ManifestOptions): Promise<number> {
  const parallelism = Number(raw.parallelism);
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 100) {
    throw new UsageError(`--parallelism ${raw.parallelism}: expected a whole number from 1 to 100`);
  }
  const cwd = process.cwd();
  const { config, rootDir } = await loadConfig(cwd, raw.config);
  const scripts = await manifestScripts(config, rootDir, cwd, raw.script);
  const outDir = resolve(cwd, raw.out);
  await mkdir(outDir, { recursive: true });
  const archive = join(outDir, ARCHIVE);
  const bytes = await writeK6Archive(scripts, rootDir, outDir, archive);

  const staging = config.environments.staging;
  const baseUrl =
    (staging?.baseUrlEnv ? process.env[staging.baseUrlEnv] : undefined) ??
    staging?.baseUrl ??
    "https://staging.invalid";
  const docs = manifests({
    parallelism,
    archiveBase64: bytes.toString("base64"),
    baseUrl,
    workspaceId: staging?.workspaceId ?? "ws-qa",
    environment: "staging",
  });
  const yamlPath = join(outDir, `${NAME}.yaml`);
  const header = `# Generated by hyvve-qa load manifest: ${scripts.map((s) => relative(rootDir, s)).join(", ")}; ${parallelism} runner(s), full profile.\n`;
  await writeFile(yamlPath, header + docs.map((d) => toYaml(d)).join("\n---\n") + "\n");
  const rel = relative(cwd, yamlPath) || basename(yamlPath);
  process.stdout.write(nextSteps(rel, relative(cwd, archive), bytes.length, parallelism, baseUrl));
  return EXIT.ok;
}

/** --script, or every script of the config's k6 suite. */
async function manifestScripts(
  config: Config,
  rootDir: string,
  cwd: string,
  script: string | undefined,
): Promise<string[]> {
  const suite = Object.values(config.suites).find((s) => s.runner === "k6");
  if (!suite)
    throw new UsageError("the config has no k6 (load) suite", 'add one with runner: "k6"');
  if (script) {
    const path = resolve(cwd, script);
    await stat(path).catch(() => {
      throw new UsageError(`--script ${script}: no such file`);
    });
    return [path];
  }
  const scripts = await resolveScripts({ cwd: suiteDir(rootDir, suite), suite });
  if (scripts.length === 0)
    throw new UsageError(`the load suite's files (${suite.files.join(", ")}) match no script`);
  return scripts;
}

/** `k6 archive` of the generated entry; the archive's bytes (small enough for a ConfigMap). */
async function writeK6Archive(
  scripts: readonly string[],
  rootDir: string,
  outDir: string,
  archive: string,
): Promise<Buffer> {
  const k6 = await requireK6(rootDir, process.env);
  const entry = join(outDir, `${NAME}-entry.ts`);
  await writeFile(entry, await entrySource(scripts, (s) => pathToFileURL(s).href));
  // Only what the archive needs: no token or base URL is baked into it.
  const result = await runSupervised(
    k6.path,
    ["archive", "--quiet", "-e", "HYVVE_PROFILE=full", "-O", archive, entry],
    {
      cwd: rootDir,
      env: k6Env({ PATH: process.env["PATH"], HOME: process.env["HOME"] }),
      timeoutMs: 60_000,
    },
  ).finally(() => rm(entry, { force: true }));
  if (!succeeded(result.end)) {
    await rm(archive, { force: true });
    throw new EnvironmentError(
      `k6 archive failed: ${(result.stderr || result.stdout).trim().split("\n").at(-1) ?? ""}`,
      "run the script alone with k6 to see the error",
    );
  }
  const bytes = await readFile(archive);
  if (bytes.length > MAX_ARCHIVE_BYTES) {
    throw new EnvironmentError(
      `the k6 archive is ${Math.round(bytes.length / 1024)} KiB, too big for a ConfigMap`,
      "pass --script to pick fewer scripts",
    );
  }
  return bytes;
}

function nextSteps(
  rel: string,
  archiveRel: string,
  archiveBytes: number,
  parallelism: number,
  baseUrl: string,
): string {
  return [
    `wrote ${rel} (ConfigMap ${NAME}-script, PersistentVolumeClaim ${NAME}-results, TestRun ${NAME} with parallelism ${parallelism})`,
    `  and ${archiveRel} (k6 archive, ${Math.round(archiveBytes / 1024)} KiB)`,
    baseUrl === "https://staging.invalid"
      ? `  note: no staging URL configured; edit HYVVE_BASE_URL in ${rel}`
      : `  target: ${baseUrl}`,
    "next:",
    `  kubectl create secret generic ${NAME}-token --from-literal=token=$HYVVE_STAGING_TOKEN`,
    `  kubectl apply -f ${rel}`,
    `  # when the TestRun is finished, copy /results/*.json.gz out of the ${NAME}-results volume, then:`,
    "  hyvve-qa report --k6 results/*.json.gz --out reports/k6-distributed",
    "",
  ].join("\n");
}
