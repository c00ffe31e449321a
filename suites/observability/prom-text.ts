// A small parser for the Prometheus text exposition format (0.0.4), enough
// to check a /metrics contract: families with HELP/TYPE and their samples.

export type MetricType =
  "counter" | "gauge" | "histogram" | "summary" | "untyped" | "info" | "stateset";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string | undefined;
  samples: Sample[];
}

export type Exposition = Map<string, Family>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\S+)?$/;

export function parseExposition(text: string): Exposition {
  const families: Exposition = new Map();
  const family = (name: string): Family => {
    let found = families.get(name);
    if (!found) {
      found = { name, type: "untyped", help: undefined, samples: [] };
      families.set(name, found);
    }
    return found;
  };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
      if (!meta) continue;
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (kind === "TYPE") family(name).type = rest.trim() as MetricType;
      else family(name).help = rest;
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const name = match[1]!;
    const sample: Sample = {
      name,
      labels: parseLabels(match[3] ?? ""),
      value: parseValue(match[4]!),
    };
    family(familyOf(families, name)).samples.push(sample);
  }
  return families;
}

/** The family a sample belongs to: histogram/summary suffixes and Python's `_total`/`_created` map back to the declared family. */
function familyOf(families: Exposition, sampleName: string): string {
  if (families.has(sampleName)) return sampleName;
  for (const suffix of ["_bucket", "_sum", "_count", "_total", "_created", "_info"]) {
    if (sampleName.endsWith(suffix)) {
      const base = sampleName.slice(0, -suffix.length);
      if (families.has(base)) return base;
    }
  }
  return sampleName;
}

function parseLabels(body: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(body)) !== null) {
    labels[match[1]!] = match[2]!.replace(/\\(["\\n])/g, (_m, c: string) => (c === "n" ? "\n" : c));
    consumed = pattern.lastIndex;
  }
  if (body.slice(consumed).trim() !== "") throw new Error(`bad label set: {${body}}`);
  return labels;
}

function parseValue(raw: string): number {
  if (raw === "+Inf") return Infinity;
  if (raw === "-Inf") return -Infinity;
  if (raw === "NaN") return NaN;
  const value = Number(raw);
  if (Number.isNaN(value)) throw new Error(`bad sample value: ${raw}`);
  return value;
}

/** The family a metric name refers to, accepting `_total` on either side (prom-client keeps it in the family name, Python strips it). */
export function findFamily(exposition: Exposition, name: string): Family | undefined {
  return (
    exposition.get(name) ??
    (name.endsWith("_total")
      ? exposition.get(name.slice(0, -"_total".length))
      : exposition.get(`${name}_total`))
  );
}

/** Whether a PromQL metric name (a family, or a histogram's `_bucket`/`_sum`/`_count` series) is exposed. */
export function exposes(exposition: Exposition, metric: string): boolean {
  if (findFamily(exposition, metric)) return true;
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (!metric.endsWith(suffix)) continue;
    const family = exposition.get(metric.slice(0, -suffix.length));
    if (
      family &&
      (family.type === "histogram" || (family.type === "summary" && suffix !== "_bucket"))
    )
      return true;
  }
  return false;
}

/** Sum of the samples named `sampleName` whose labels include `match`. */
export function sumOf(
  exposition: Exposition,
  sampleName: string,
  match: Record<string, string> = {},
): number {
  let total = 0;
  for (const family of exposition.values()) {
    for (const sample of family.samples) {
      if (sample.name !== sampleName) continue;
      if (Object.entries(match).every(([key, value]) => sample.labels[key] === value))
        total += sample.value;
    }
  }
  return total;
}
