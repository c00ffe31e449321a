/**
 * Stream-reading k6's raw data points (`--out json`, optionally gzipped): one
 * JSON object per line, `Metric` lines (name, type, thresholds) and `Point`
 * lines (time, value, tags). A million points are a few hundred MB of text,
 * so Point lines are read by a small scanner instead of JSON.parse, tag sets
 * are interned (parsed once per distinct set), and only the metrics the
 * report or a threshold needs are kept, in growable typed arrays. Anything
 * the scanner does not recognise falls back to JSON.parse of that line.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";

export type Tags = Readonly<Record<string, string>>;
export type MetricType = "counter" | "gauge" | "rate" | "trend";

export class Series {
  length = 0;
  times = new Float64Array(1024);
  values = new Float64Array(1024);
  tagIds = new Int32Array(1024);
  constructor(readonly name: string) {}

  push(time: number, value: number, tagId: number): void {
    if (this.length === this.values.length) this.grow();
    const i = this.length++;
    this.times[i] = time;
    this.values[i] = value;
    this.tagIds[i] = tagId;
  }

  private grow(): void {
    const size = this.values.length * 2;
    const times = new Float64Array(size);
    times.set(this.times);
    const values = new Float64Array(size);
    values.set(this.values);
    const tagIds = new Int32Array(size);
    tagIds.set(this.tagIds);
    this.times = times;
    this.values = values;
    this.tagIds = tagIds;
  }
}

/** Metrics always kept: what the report is made of. */
export const REPORT_METRICS = new Set([
  "http_req_duration",
  "http_req_failed",
  "http_reqs",
  "checks",
]);
/** k6's built-in metrics that nothing reads unless a threshold names them. */
const BUILTIN_SKIPPED = new Set([
  "http_req_blocked",
  "http_req_connecting",
  "http_req_tls_handshaking",
  "http_req_sending",
  "http_req_waiting",
  "http_req_receiving",
  "data_sent",
  "data_received",
  "iteration_duration",
  "iterations",
  "group_duration",
  "vus",
  "vus_max",
  "dropped_iterations",
]);
/** The counter our scripts use to write their threshold definitions into the raw output. */
export const THRESHOLD_DECLARATION_METRIC = "hyvve_threshold";

export interface ThresholdDef {
  /** The metric selector, e.g. `http_req_duration{endpoint:a2a_navi}`. */
  metric: string;
  expression: string;
}

/** Points of one or more raw outputs, unioned. */
export class K6Points {
  readonly series = new Map<string, Series>();
  readonly types = new Map<string, MetricType>();
  readonly tagSets: Tags[] = [];
  private readonly tagIndex = new Map<string, number>();
  /** selector → expressions, in first-seen order. */
  readonly thresholds = new Map<string, string[]>();
  /** Earliest and latest point time over every line read (ms since epoch). */
  firstTime = Number.POSITIVE_INFINITY;
  lastTime = Number.NEGATIVE_INFINITY;
  /** Lines read, and lines that were neither a metric nor a point. */
  lines = 0;
  skippedLines = 0;
  points = 0;
  private readonly timeBase = new Map<string, number>();
  private readonly keepCache = new Map<string, boolean>();

  addThreshold(metric: string, expression: string): void {
    const list = this.thresholds.get(metric);
    if (!list) this.thresholds.set(metric, [expression]);
    else if (!list.includes(expression)) list.push(expression);
    this.keepCache.delete(baseMetric(metric));
  }

  thresholdDefs(): ThresholdDef[] {
    return [...this.thresholds].flatMap(([metric, list]) =>
      list.map((expression) => ({ metric, expression })),
    );
  }

  internTags(raw: string): number {
    let id = this.tagIndex.get(raw);
    if (id === undefined) {
      const parsed: unknown = raw === "null" ? {} : JSON.parse(raw);
      const tags: Record<string, string> = {};
      if (parsed && typeof parsed === "object") {
        for (const [k, v] of Object.entries(parsed))
          tags[k] = typeof v === "string" ? v : JSON.stringify(v);
      }
      id = this.tagSets.length;
      this.tagSets.push(tags);
      this.tagIndex.set(raw, id);
    }
    return id;
  }

  private keeps(name: string): boolean {
    let keep = this.keepCache.get(name);
    if (keep === undefined) {
      keep =
        REPORT_METRICS.has(name) ||
        !BUILTIN_SKIPPED.has(name) ||
        [...this.thresholds.keys()].some((m) => baseMetric(m) === name);
      this.keepCache.set(name, keep);
    }
    return keep;
  }

  private seriesFor(name: string): Series {
    let s = this.series.get(name);
    if (!s) {
      s = new Series(name);
      this.series.set(name, s);
    }
    return s;
  }

  private addPoint(name: string, time: number, value: number, tagId: number): void {
    if (time < this.firstTime) this.firstTime = time;
    if (time > this.lastTime) this.lastTime = time;
    this.points++;
    if (name === THRESHOLD_DECLARATION_METRIC) {
      const tags = this.tagSets[tagId]!;
      const metric = tags["threshold_metric"];
      const expression = tags["threshold_expression"];
      if (metric && expression) this.addThreshold(metric, expression);
      return;
    }
    this.seriesFor(name).push(time, value, tagId);
  }

  /** ISO time → ms since epoch; the seconds part is parsed once per distinct second. */
  parseTime(iso: string): number {
    const dot = iso.indexOf(".", 17);
    if (dot === -1) return this.base(iso);
    let end = dot + 1;
    let frac = 0;
    let scale = 100; // first fractional digit is tenths of a second = 100 ms
    while (end < iso.length) {
      const c = iso.charCodeAt(end);
      if (c < 48 || c > 57) break;
      frac += (c - 48) * scale;
      scale /= 10;
      end++;
    }
    return this.base(iso.slice(0, dot) + iso.slice(end)) + frac;
  }

  private base(key: string): number {
    let t = this.timeBase.get(key);
    if (t === undefined) {
      t = Date.parse(key);
      if (Number.isNaN(t)) throw new Error(`bad time ${key}`);
      this.timeBase.set(key, t);
    }
    return t;
  }

  /** One line of k6's JSON output. */
  addLine(line: string): void {
    this.lines++;
    if (line.length === 0) return;
    if (line.startsWith('{"metric":"')) {
      const nameEnd = line.indexOf('"', 11);
      const name = line.slice(11, nameEnd);
      if (!this.keeps(name)) {
        this.points++;
        return;
      }
      if (this.fastPoint(line, name, nameEnd)) return;
    }
    this.slowLine(line);
  }

  private fastPoint(line: string, name: string, from: number): boolean {
    if (!line.startsWith('","type":"Point","data":{"time":"', from)) return false;
    const timeStart = from + 33;
    const timeEnd = line.indexOf('"', timeStart);
    if (timeEnd === -1) return false;
    let time: number;
    try {
      time = this.parseTime(line.slice(timeStart, timeEnd));
    } catch {
      return false;
    }
    if (!line.startsWith(',"value":', timeEnd + 1)) return false;
    const valueStart = timeEnd + 10;
    const valueEnd = line.indexOf(",", valueStart);
    if (valueEnd === -1) return false;
    const value = Number(line.slice(valueStart, valueEnd));
    if (Number.isNaN(value)) return false;
    if (!line.startsWith('"tags":', valueEnd + 1)) return false;
    const tagsStart = valueEnd + 8;
    // Usually tags are the last field (`…"tags":{…}}}`): try the seen tag sets
    // by that slice first, and scan the object only for a new or odd line.
    let tagId = line.endsWith("}}")
      ? this.tagIndex.get(line.slice(tagsStart, line.length - 2))
      : undefined;
    if (tagId === undefined) {
      const tagsEnd = objectEnd(line, tagsStart);
      if (tagsEnd === -1) return false;
      tagId = this.internTags(line.slice(tagsStart, tagsEnd));
    }
    this.addPoint(name, time, value, tagId);
    return true;
  }

  private slowLine(line: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.skippedLines++;
      return;
    }
    const obj = parsed as { type?: unknown; metric?: unknown; data?: Record<string, unknown> };
    if (obj.type === "Metric" && obj.data && typeof obj.data["name"] === "string") {
      const name = obj.data["name"];
      const type = obj.data["type"];
      if (type === "counter" || type === "gauge" || type === "rate" || type === "trend")
        this.types.set(name, type);
      const list = obj.data["thresholds"];
      if (Array.isArray(list))
        for (const t of list) if (typeof t === "string") this.addThreshold(name, t);
      return;
    }
    if (obj.type === "Point" && typeof obj.metric === "string" && obj.data) {
      if (!this.keeps(obj.metric)) {
        this.points++;
        return;
      }
      const { time, value, tags } = obj.data;
      if (typeof time !== "string" || typeof value !== "number") {
        this.skippedLines++;
        return;
      }
      this.addPoint(
        obj.metric,
        this.parseTime(time),
        value,
        this.internTags(JSON.stringify(tags ?? null)),
      );
      return;
    }
    this.skippedLines++;
  }
}

/** Index just past the JSON object starting at `start` (which must be `{` or `null`), or -1. */
function objectEnd(line: string, start: number): number {
  if (line.startsWith("null", start)) return start + 4;
  if (line.charCodeAt(start) !== 123) return -1;
  let depth = 0;
  for (let i = start; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) {
      // skip a string, honouring escapes
      i++;
      while (i < line.length) {
        const d = line.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) break;
        else i++;
      }
    } else if (c === 123) depth++;
    else if (c === 125) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** `http_req_duration{endpoint:x}` → `http_req_duration`. */
export function baseMetric(selector: string): string {
  const brace = selector.indexOf("{");
  return brace === -1 ? selector : selector.slice(0, brace);
}

function openRaw(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith(".gz") ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
}

/** Read one raw output file (plain or .gz) into `points`. */
export async function readK6Output(
  path: string,
  points: K6Points = new K6Points(),
): Promise<K6Points> {
  const stream = openRaw(path);
  stream.setEncoding("utf8");
  let pending = "";
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = pending + chunk;
    let start = 0;
    let nl = text.indexOf("\n");
    while (nl !== -1) {
      points.addLine(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    pending = text.slice(start);
  }
  if (pending.length > 0) points.addLine(pending);
  return points;
}

/** Read several raw outputs (instances of one test) into one set of points. */
export async function readK6Outputs(paths: readonly string[]): Promise<K6Points> {
  const points = new K6Points();
  for (const path of paths) await readK6Output(path, points);
  return points;
}
