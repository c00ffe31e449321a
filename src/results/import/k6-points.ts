/**
 * Stream-reading k6's raw data points (`--out json`, gzipped as k6 writes it
 * for a `.gz` file name, or plain): one JSON object per line, `Metric` lines
 * (name, type, thresholds) and `Point` lines (time, value, tags).
 *
 * Point lines are read from the bytes by k6-scan.ts (no string, no
 * JSON.parse per line); anything it does not recognise falls back to
 * JSON.parse of that line. Tag sets are interned. Each point is reduced as
 * it is read, per metric and tag set, to what the report and thresholds
 * need: counts, sums, the number of non-zero values and the last value for
 * every kept metric; every value only for trends (exact percentiles need
 * them: 8 bytes a point); and for the latency metric the time series and
 * the samples (k6-latency.ts), which do not grow with the points.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { constants as zlibConstants, createGunzip } from "node:zlib";
import { InputFileError } from "../../errors.js";
import { LatencyStream } from "./k6-latency.js";
import {
  ByteInterner,
  bytesAt,
  type Cursor,
  objectEnd,
  parseNumber,
  parseTime,
  ShortByteInterner,
  TimeCache,
  WordBytes,
  WordViews,
} from "./k6-scan.js";
import { endpointOf, scenarioIn, type K6Script } from "./k6-scripts.js";
import { ValueStore } from "./k6-values.js";

export type Tags = Readonly<Record<string, string>>;
export type MetricType = "counter" | "gauge" | "rate" | "trend";

/** Metrics always kept: what the report is made of. */
export const REPORT_METRICS = new Set([
  "http_req_duration",
  "http_req_failed",
  "http_reqs",
  "checks",
]);
/** The metric whose time series and samples the report shows. */
export const LATENCY_METRIC = "http_req_duration";
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
/** A line longer than this is not k6's: stop rather than hold it. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface ThresholdDef {
  /** The metric selector, e.g. `http_req_duration{endpoint:a2a_navi}`. */
  metric: string;
  expression: string;
  /** The script that set it (repo-relative): judged on that script's points only. */
  script?: string;
}

/** One metric's points that carry one tag set, reduced. */
export class TagPoints {
  count = 0;
  sum = 0;
  nonZero = 0;
  last = 0;
  /** Position of the last point among all points read (for a gauge's last value). */
  lastSeq = -1;
  constructor(
    readonly tagId: number,
    /** Every value (trends only). */
    readonly values: ValueStore | undefined,
  ) {}
}

/** One metric's points, per tag set. */
export class MetricPoints {
  count = 0;
  /** In the order the tag sets were first seen. */
  readonly byTag: TagPoints[] = [];
  private readonly ofTag: (TagPoints | undefined)[] = [];
  constructor(
    readonly name: string,
    readonly keepsValues: boolean,
  ) {}

  add(value: number, tagId: number, seq: number): void {
    let t = this.ofTag[tagId];
    if (t === undefined) {
      t = new TagPoints(tagId, this.keepsValues ? new ValueStore() : undefined);
      this.ofTag[tagId] = t;
      this.byTag.push(t);
    }
    t.count++;
    t.sum += value;
    if (value !== 0) t.nonZero++;
    t.last = value;
    t.lastSeq = seq;
    t.values?.push(value);
    this.count++;
  }
}

/** What is known of a metric name while reading. */
interface MetricSlot {
  name: string;
  kept: boolean;
  role: "plain" | "latency" | "declaration";
  points: MetricPoints | undefined;
}

/** A (scenario, endpoint) pair: the report's rows. */
export interface EndpointGroup {
  scenario: string;
  endpoint: string;
}

const POINT_HEAD = Buffer.from('{"metric":"');
const POINT_TIME = new WordBytes(Buffer.from('","type":"Point","data":{"time":"'));
const POINT_VALUE = Buffer.from('","value":');
const POINT_TAGS = Buffer.from(',"tags":');

/** Whether buf holds `name` (a metric name and its closing quote) at `start`. */
function sameName(name: Uint8Array, buf: Uint8Array, start: number): boolean {
  if (start + name.length > buf.length) return false;
  for (let i = 0; i < name.length; i++) if (buf[start + i] !== name[i]) return false;
  return true;
}

/** First index of byte `c` in buf[from, end), or -1. */
function byteIndex(buf: Uint8Array, c: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (buf[i] === c) return i;
  return -1;
}

/** Points of one or more raw outputs, unioned. */
export class K6Points {
  readonly types = new Map<string, MetricType>();
  readonly tagSets: Tags[] = [];
  /** (scenario, endpoint) groups, in first-seen order, and each tag set's group. */
  readonly groups: EndpointGroup[] = [];
  private readonly groupOfTag: number[] = [];
  private readonly groupIndex = new Map<string, number>();
  /** Thresholds in first-seen order, each once per script. */
  private readonly thresholdList: ThresholdDef[] = [];
  private readonly thresholdKeys = new Set<string>();
  /** The scripts the raw outputs came from (none for outputs of unknown origin). */
  readonly scripts: K6Script[] = [];
  /** Each tag set's script (index into `scripts`), -1 when unknown. */
  private readonly scriptOfTag: number[] = [];
  private script = -1;
  /** Reported scenario name → the script file it belongs to. */
  readonly scenarioFiles = new Map<string, string>();
  readonly latency = new LatencyStream((g) => {
    const group = this.groups[g]!;
    return `${group.scenario} › ${group.endpoint}`;
  });
  /** Earliest and latest point time over every kept point (ms since epoch). */
  firstTime = Number.POSITIVE_INFINITY;
  lastTime = Number.NEGATIVE_INFINITY;
  /** Lines read, and lines that were neither a metric nor a point. */
  lines = 0;
  skippedLines = 0;
  points = 0;
  private tagBytes = new ByteInterner();
  private tagIndex = new Map<string, number>();
  private readonly slots = new Map<string, MetricSlot>();
  private readonly slotBytes = new ShortByteInterner();
  private readonly timeCache = new TimeCache();
  private readonly views = new WordViews();
  /** Where the last field read ended. */
  private readonly cursor: Cursor = { end: 0 };
  /** The metric of the last Point line, and its name's bytes with the closing quote. */
  private lastSlot: { slot: MetricSlot; bytes: Uint8Array } | undefined;
  private readonly slotList: MetricSlot[] = [];

  /** The points of a metric, if any were kept. */
  metric(name: string): MetricPoints | undefined {
    return this.slots.get(name)?.points;
  }

  /** A threshold of the script being read (if any); each (script, metric, expression) once. */
  addThreshold(metric: string, expression: string): void {
    const script = this.scripts[this.script]?.file;
    const key = `${script ?? ""}\u0000${metric}\u0000${expression}`;
    if (!this.thresholdKeys.has(key)) {
      this.thresholdKeys.add(key);
      this.thresholdList.push({ metric, expression, ...(script !== undefined ? { script } : {}) });
    }
    this.slotNamed(baseMetric(metric)).kept = true;
  }

  thresholdDefs(): ThresholdDef[] {
    return this.thresholdList.map((d) => ({ ...d }));
  }

  /**
   * A new raw output starts: its tag sets are its own (two scripts may write
   * byte-identical ones), and its points belong to `script` when known.
   */
  beginFile(script?: K6Script): void {
    this.tagBytes = new ByteInterner();
    this.tagIndex = new Map();
    this.lastSlot = undefined;
    if (!script) {
      this.script = -1;
      return;
    }
    this.script = this.scripts.findIndex((s) => s.file === script.file);
    if (this.script === -1) this.script = this.scripts.push(script) - 1;
    this.scenarioFiles.set(script.name, script.file);
    for (const t of script.thresholds) this.addThreshold(t.metric, t.expression);
  }

  /** The script file a tag set's points came from, if known. */
  scriptOf(tagId: number): string | undefined {
    return this.scripts[this.scriptOfTag[tagId] ?? -1]?.file;
  }

  /** The type k6 declared for a metric, else what its name says (k6's built-ins), else trend. */
  typeOf(name: string): MetricType {
    const known = this.types.get(name);
    if (known) return known;
    if (name === "http_req_failed" || name === "checks") return "rate";
    if (name === "http_reqs" || name === "iterations" || name === THRESHOLD_DECLARATION_METRIC)
      return "counter";
    return "trend";
  }

  /** The id of a tag set given as its JSON text (`null` for none). */
  internTags(raw: string): number {
    let id = this.tagIndex.get(raw);
    if (id === undefined) {
      const parsed: unknown = raw === "null" ? {} : JSON.parse(raw);
      const tags: Record<string, string> = {};
      if (parsed && typeof parsed === "object") {
        for (const [k, v] of Object.entries(parsed))
          tags[k] = typeof v === "string" ? v : JSON.stringify(v);
      }
      const script = this.scripts[this.script];
      if (script) {
        tags["scenario"] = scenarioIn(script, tags["scenario"]);
        this.scenarioFiles.set(tags["scenario"], script.file);
      }
      id = this.tagSets.length;
      this.tagSets.push(tags);
      this.scriptOfTag[id] = this.script;
      this.tagIndex.set(raw, id);
    }
    return id;
  }

  /** The (scenario, endpoint) group of a tag set, made on first use. */
  groupOf(tagId: number): number {
    let g = this.groupOfTag[tagId];
    if (g !== undefined) return g;
    const tags = this.tagSets[tagId]!;
    const scenario = tags["scenario"] ?? "default";
    const endpoint = endpointOf(tags);
    const key = `${scenario}\u0000${endpoint}`;
    g = this.groupIndex.get(key);
    if (g === undefined) {
      g = this.groups.length;
      this.groups.push({ scenario, endpoint });
      this.groupIndex.set(key, g);
    }
    this.groupOfTag[tagId] = g;
    return g;
  }

  private slotNamed(name: string): MetricSlot {
    let slot = this.slots.get(name);
    if (!slot) {
      const role =
        name === LATENCY_METRIC
          ? "latency"
          : name === THRESHOLD_DECLARATION_METRIC
            ? "declaration"
            : "plain";
      const kept = REPORT_METRICS.has(name) || !BUILTIN_SKIPPED.has(name);
      slot = { name, kept, role, points: undefined };
      this.slots.set(name, slot);
      this.slotList.push(slot);
    }
    return slot;
  }

  /** The slot of the metric name in buf[start, end), by its bytes. */
  private slotAt(buf: Buffer, start: number, end: number): MetricSlot {
    const id = this.slotBytes.find(buf, start, end);
    if (id !== -1) return this.slotList[id]!;
    const slot = this.slotNamed(buf.toString("utf8", start, end));
    this.slotBytes.add(buf, start, end, this.slotList.indexOf(slot));
    return slot;
  }

  private record(slot: MetricSlot, time: number, value: number, tagId: number): void {
    if (time < this.firstTime) this.firstTime = time;
    if (time > this.lastTime) this.lastTime = time;
    if (slot.role === "declaration") {
      const tags = this.tagSets[tagId]!;
      const metric = tags["threshold_metric"];
      const expression = tags["threshold_expression"];
      if (metric && expression) this.addThreshold(metric, expression);
      return;
    }
    slot.points ??= new MetricPoints(slot.name, this.typeOf(slot.name) === "trend");
    slot.points.add(value, tagId, this.points);
    if (slot.role === "latency") this.latency.add(time, value, this.groupOf(tagId));
  }

  /** One line of k6's JSON output, as text. */
  addLine(line: string): void {
    const buf = Buffer.from(line, "utf8");
    this.addBytes(buf, 0, buf.length);
  }

  /** One line of k6's JSON output: buf[start, end), without its newline. */
  addBytes(buf: Buffer, start: number, end: number): void {
    this.lines++;
    if (end === start) return;
    if (!bytesAt(buf, start, POINT_HEAD) || !this.fastPoint(buf, start, end))
      this.slowLine(buf.toString("utf8", start, end));
  }

  /** A Point line read field by field; false (nothing recorded) when it is not in k6's usual form. */
  private fastPoint(buf: Buffer, start: number, end: number): boolean {
    const words = this.views.of(buf);
    const nameStart = start + POINT_HEAD.length;
    const slot = this.nameAt(buf, nameStart, end);
    if (slot === undefined) return false;
    const timeStart = this.cursor.end + POINT_TIME.bytes.length;
    if (!POINT_TIME.at(buf, words, this.cursor.end)) return false;
    if (!slot.kept) {
      this.points++;
      return true;
    }
    const time = parseTime(buf, timeStart, end, this.timeCache, this.cursor);
    const valueStart = this.cursor.end + POINT_VALUE.length;
    if (Number.isNaN(time) || !bytesAt(buf, this.cursor.end, POINT_VALUE)) return false;
    const value = parseNumber(buf, valueStart, end, this.cursor);
    const tagsStart = this.cursor.end + POINT_TAGS.length;
    if (Number.isNaN(value) || !bytesAt(buf, this.cursor.end, POINT_TAGS)) return false;
    const tagId = this.tagsAt(buf, words, tagsStart, end);
    if (tagId === -1) return false;
    this.points++;
    this.record(slot, time, value, tagId);
    return true;
  }

  /** The metric named from `start` to the next `"` (cursor.end: that quote); undefined when odd. */
  private nameAt(buf: Buffer, start: number, end: number): MetricSlot | undefined {
    const last = this.lastSlot;
    if (last !== undefined && sameName(last.bytes, buf, start)) {
      this.cursor.end = start + last.bytes.length - 1;
      return last.slot;
    }
    const nameEnd = byteIndex(buf, 34, start, end); // "
    if (nameEnd === -1 || buf[nameEnd - 1] === 92) return undefined;
    const slot = this.slotAt(buf, start, nameEnd);
    this.lastSlot = { slot, bytes: buf.slice(start, nameEnd + 1) };
    this.cursor.end = nameEnd;
    return slot;
  }

  /**
   * The tag set starting at `start`: usually the last field (`…"tags":{…}}}`),
   * so the bytes up to the line's last two braces are tried first, and the
   * object is scanned only for a new tag set or a line with more fields.
   */
  private tagsAt(
    buf: Buffer,
    words: Int32Array<ArrayBufferLike> | undefined,
    start: number,
    end: number,
  ): number {
    if (buf[end - 1] === 125 && buf[end - 2] === 125) {
      const id = this.tagBytes.find(buf, words, start, end - 2);
      if (id !== -1) return id;
    }
    const tagsEnd = objectEnd(buf, start, end);
    if (tagsEnd === -1) return -1;
    let id = this.tagBytes.find(buf, words, start, tagsEnd);
    if (id === -1) {
      try {
        id = this.internTags(buf.toString("utf8", start, tagsEnd));
      } catch {
        return -1;
      }
      this.tagBytes.add(buf, start, tagsEnd, id);
    }
    return id;
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
    if (obj.type === "Metric" && obj.data && typeof obj.data["name"] === "string")
      return this.metricLine(obj.data["name"], obj.data);
    if (obj.type === "Point" && typeof obj.metric === "string" && obj.data)
      return this.pointObject(obj.metric, obj.data);
    this.skippedLines++;
  }

  private metricLine(name: string, data: Record<string, unknown>): void {
    const type = data["type"];
    if (type === "counter" || type === "gauge" || type === "rate" || type === "trend")
      this.types.set(name, type);
    const list = data["thresholds"];
    if (Array.isArray(list))
      for (const t of list) if (typeof t === "string") this.addThreshold(name, t);
  }

  private pointObject(name: string, data: Record<string, unknown>): void {
    const slot = this.slotNamed(name);
    if (!slot.kept) {
      this.points++;
      return;
    }
    const { time, value, tags } = data;
    const bytes = typeof time === "string" ? Buffer.from(time, "utf8") : undefined;
    let ms = bytes ? parseTime(bytes, 0, bytes.length) : Number.NaN;
    if (Number.isNaN(ms) && typeof time === "string") ms = Date.parse(time);
    if (Number.isNaN(ms) || typeof value !== "number") {
      this.skippedLines++;
      return;
    }
    this.points++;
    this.record(slot, ms, value, this.internTags(JSON.stringify(tags ?? null)));
  }
}

/** `http_req_duration{endpoint:x}` → `http_req_duration`. */
export function baseMetric(selector: string): string {
  const brace = selector.indexOf("{");
  return brace === -1 ? selector : selector.slice(0, brace);
}

export interface ReadOptions {
  /** The script whose run wrote the file (its points are kept apart from other scripts'). */
  script?: K6Script;
  /**
   * A gzip stream that ends early is read up to where it ends (k6 was
   * killed before it finished the file) instead of being an error.
   */
  truncatedOk?: boolean;
}

/** Whether a file starts with gzip's magic bytes. */
async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

async function openRaw(path: string, options: ReadOptions): Promise<Readable> {
  const gzip = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!gzip) return file;
  // Let gunzip (on libuv's threads) run up to 8 chunks ahead of the parsing
  // (on this one): with the default 16 KiB mark every 1 MiB chunk fills the
  // buffer, and each side waits for the other. (zlib passes stream options on.)
  const ahead = { readableHighWaterMark: 8 << 20 };
  const gunzip = createGunzip({
    chunkSize: 1 << 20,
    ...ahead,
    ...(options.truncatedOk ? { finishFlush: zlibConstants.Z_SYNC_FLUSH } : {}),
  });
  file.on("error", (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}

/** A zlib failure as a one-line input error saying what to do. */
function gzipError(path: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === "Z_BUF_ERROR")
    return new InputFileError(
      `${path}: the gzip stream ends early (the file is cut short)`,
      "k6 finishes the file when the test ends: copy it again once k6 has exited, or re-run the test",
    );
  if (code === "Z_DATA_ERROR")
    return new InputFileError(
      `${path}: corrupt gzip data (${(error as Error).message})`,
      "pass the file k6 wrote (--out json=FILE.gz), copied whole",
    );
  return error;
}

/** Read one raw output file (plain or gzip) into `points`. */
export async function readK6Output(
  path: string,
  points: K6Points = new K6Points(),
  options: ReadOptions = {},
): Promise<K6Points> {
  const stream = await openRaw(path, options);
  points.beginFile(options.script);
  try {
    await feedLines(stream, points);
  } catch (error) {
    throw gzipError(path, error);
  } finally {
    stream.destroy();
  }
  return points;
}

/** Split a byte stream into lines (no copy, except of a line cut by a chunk boundary). */
async function feedLines(stream: Readable, points: K6Points): Promise<void> {
  let carry: Buffer[] = [];
  let carried = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    let nl = chunk.indexOf(10);
    if (carried > 0 && nl !== -1) {
      const line = Buffer.concat([...carry, chunk.subarray(0, nl)]);
      points.addBytes(line, 0, line.length);
      carry = [];
      carried = 0;
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    while (nl !== -1) {
      points.addBytes(chunk, start, nl);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) {
      carry.push(Buffer.from(chunk.subarray(start)));
      carried += chunk.length - start;
      if (carried > MAX_LINE_BYTES) throw new Error("a line longer than 64 MiB: not k6 JSON lines");
    }
  }
  if (carried > 0) {
    const line = Buffer.concat(carry);
    points.addBytes(line, 0, line.length);
  }
}

/** Read several raw outputs (instances of one test) into one set of points. */
export async function readK6Outputs(
  paths: readonly string[],
  options: ReadOptions = {},
): Promise<K6Points> {
  const points = new K6Points();
  for (const path of paths) await readK6Output(path, points, options);
  return points;
}
