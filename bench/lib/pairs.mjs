// Alternating pairs (A, B, A, B, …) timed from outside with /usr/bin/time -v:
// wall seconds and peak RSS of each run, the ratio taken pair by pair so that
// drift in the machine's speed meets both commands alike. Shared by the
// bench scripts that compare hyvve-qa with a peer on the same input.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const scratch = mkdtempSync(join(tmpdir(), "hyvve-qa-bench-pairs-"));

/** One run of `argv` (output discarded): wall seconds, peak RSS in MiB, exit code. */
export function timeOnce(argv, options = {}) {
  const report = join(scratch, "time.txt");
  const r = spawnSync("/usr/bin/time", ["-v", "-o", report, ...argv], {
    stdio: "ignore",
    ...options,
  });
  const text = readFileSync(report, "utf8");
  const wall = /Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)/.exec(text);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const peakKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)[1]);
  return { wall: seconds, peakMiB: peakKiB / 1024, code: r.status };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * `pairs` alternating pairs of a and b after one warm-up of each; prints every
 * pair and the medians, and returns them. `ratio` is b/a: above 1, a is faster.
 */
export function comparePairs({ a, b, pairs = 5, options = {} }) {
  timeOnce(a.argv, options);
  timeOnce(b.argv, options);
  const rows = [];
  for (let i = 0; i < pairs; i++) {
    const ra = timeOnce(a.argv, options);
    const rb = timeOnce(b.argv, options);
    rows.push({ a: ra, b: rb, ratio: rb.wall / ra.wall });
    console.log(
      `pair ${i + 1}: ${a.name} ${ra.wall.toFixed(2)} s ${ra.peakMiB.toFixed(0)} MiB (exit ${ra.code}), ` +
        `${b.name} ${rb.wall.toFixed(2)} s ${rb.peakMiB.toFixed(0)} MiB (exit ${rb.code}), ` +
        `${b.name}/${a.name} ${(rb.wall / ra.wall).toFixed(2)}`,
    );
  }
  const summary = {
    a: { wall: median(rows.map((r) => r.a.wall)), peakMiB: median(rows.map((r) => r.a.peakMiB)) },
    b: { wall: median(rows.map((r) => r.b.wall)), peakMiB: median(rows.map((r) => r.b.peakMiB)) },
    ratio: median(rows.map((r) => r.ratio)),
    difference: median(rows.map((r) => r.a.wall - r.b.wall)),
  };
  console.log(
    `median of ${pairs} pairs: ${a.name} ${summary.a.wall.toFixed(2)} s ${summary.a.peakMiB.toFixed(0)} MiB, ` +
      `${b.name} ${summary.b.wall.toFixed(2)} s ${summary.b.peakMiB.toFixed(0)} MiB, ` +
      `${b.name}/${a.name} ${summary.ratio.toFixed(2)}x`,
  );
  return summary;
}
