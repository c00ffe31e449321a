// Writes a k6 raw output (--out json lines) with N Point lines (default
// 1,000,000) by replaying the recorded smoke run in test/load/fixtures with
// shifted times: the real mix of metrics and tags that k6 writes, so the
// reducer is timed on what it will really read. Each replayed value is
// jittered by up to ±10 % (deterministically, kept to k6's 6 decimals of a
// ms) so that, as in a real soak, almost no two latencies are equal. RATE
// (points per second, default: the recorded run's own pace) squeezes the
// replayed times, e.g. 3000 for a soak at ~3k requests/s (10M latency points
// in about an hour). An OUT ending in .gz is gzipped as k6 gzips it (default
// level). Deterministic.
//   node bench/load/generate-points.mjs OUT [COUNT] [mix|latency] [RATE]
import { createWriteStream, readFileSync } from "node:fs";
import { createGzip, gunzipSync } from "node:zlib";

const [out = "/tmp/hyvve-bench-k6-points.json", count = "1000000", mode = "mix", rate] =
  process.argv.slice(2);
const target = Number(count);
const lines = gunzipSync(
  readFileSync(new URL("../../test/load/fixtures/smoke-points.json.gz", import.meta.url)),
)
  .toString("utf8")
  .split("\n")
  .filter(Boolean);
const metricLines = lines.filter((l) => l.startsWith('{"type":"Metric"'));
// mode "mix": every point k6 wrote; mode "latency": only http_req_duration points (all of them parsed and kept).
const pointLines = lines.filter(
  (l) =>
    l.startsWith('{"metric":"') &&
    (mode === "mix" || l.startsWith('{"metric":"http_req_duration"')),
);
const times = pointLines.map((l) => /"time":"([^"]+)"/.exec(l)[1]);
const values = pointLines.map((l) => /"value":([^,]+),/.exec(l)[1]);
const t0 = Date.parse(times[0]);
const recordedSpan = Math.ceil(Date.parse(times.at(-1)) - t0) + 1000;
// Time squeeze: 1 = as recorded; k = k times as many points per second.
const squeeze = rate ? Number(rate) / (pointLines.length / (recordedSpan / 1000)) : 1;
const span = recordedSpan / squeeze;

// mulberry32: the same jitter on every run.
let seed = 14;
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A trend value ±10 %, to 6 decimals as k6 writes a duration in ms; counters and rates as they were. */
function jitter(line, value) {
  if (!/^\{"metric":"(http_req_|iteration_duration|group_duration)/.test(line)) return value;
  const v = Number(value) * (0.9 + 0.2 * random());
  return String(Math.round(v * 1e6) / 1e6);
}

const file = createWriteStream(out);
const gzip = out.endsWith(".gz") ? createGzip() : undefined;
const w = gzip ?? file;
if (gzip) gzip.pipe(file);
for (const l of metricLines) w.write(l + "\n");
let written = 0;
for (let round = 0; written < target; round++) {
  let chunk = "";
  for (let i = 0; i < pointLines.length && written < target; i++, written++) {
    const ms = Math.floor(t0 + (Date.parse(times[i]) - t0) / squeeze + round * span);
    // Shift by whole milliseconds; keep k6's sub-millisecond digits as they were.
    const iso = new Date(ms).toISOString().slice(0, 23) + times[i].slice(23);
    const line = pointLines[i].replace(times[i], iso);
    const value = jitter(line, values[i]);
    chunk +=
      (value === values[i] ? line : line.replace(`"value":${values[i]},`, `"value":${value},`)) +
      "\n";
  }
  if (!w.write(chunk)) await new Promise((r) => w.once("drain", r));
}
w.end();
await new Promise((r) => file.on("finish", r));
console.log(`wrote ${written} points (${mode}) to ${out}`);
