// Writes a k6 raw output (--out json lines) with N Point lines (default
// 1,000,000) by replaying the recorded smoke run in test/load/fixtures with
// shifted times: the real mix of metrics and tags that k6 writes, so the
// reducer is timed on what it will really read. Deterministic.
import { createWriteStream, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const [out = "/tmp/hyvve-bench-k6-points.json", count = "1000000", mode = "mix"] =
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
const t0 = Date.parse(times[0]);
const span = Math.ceil(Date.parse(times.at(-1)) - t0) + 1000;
const w = createWriteStream(out);
for (const l of metricLines) w.write(l + "\n");
let written = 0;
for (let round = 0; written < target; round++) {
  let chunk = "";
  for (let i = 0; i < pointLines.length && written < target; i++, written++) {
    const ms = Date.parse(times[i]) + round * span;
    // Shift by whole milliseconds; keep k6's sub-millisecond digits as they were.
    const iso = new Date(ms).toISOString().slice(0, 23) + times[i].slice(23);
    chunk += pointLines[i].replace(times[i], iso) + "\n";
  }
  if (!w.write(chunk)) await new Promise((r) => w.once("drain", r));
}
w.end();
await new Promise((r) => w.on("finish", r));
console.log(`wrote ${written} points (${mode}) to ${out}`);
