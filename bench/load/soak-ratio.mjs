// Issue 14: reducing a soak's raw k6 points, this build against an earlier
// build, on the same machine in the same run (A B A B …, ratio pair by
// pair: these machines are shared and noisy). Each run is one whole process
// under /usr/bin/time -v (wall time and peak RSS).
//
//   node bench/load/soak-ratio.mjs OLD_ROOT OLD_FILE NEW_FILE [PAIRS]
//
// OLD_ROOT: a build of the earlier code, e.g.
//   git worktree add /tmp/load-old 91b17ec && ln -s "$PWD/node_modules" /tmp/load-old/
//   (cd /tmp/load-old && npx tsc -p tsconfig.build.json)
// OLD_FILE: what the earlier code read (k6's plain --out json, or a .gz);
// NEW_FILE: what this code reads (k6's --out json=….json.gz). Make them with
// bench/load/generate-points.mjs (and gzip -dc for the plain one).
// Build first: npm run build.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const [oldRoot, oldFile, newFile, pairsArg = "3"] = process.argv.slice(2);
if (!oldRoot || !oldFile || !newFile) {
  console.error("usage: node bench/load/soak-ratio.mjs OLD_ROOT OLD_FILE NEW_FILE [PAIRS]");
  process.exit(2);
}
const root = new URL("../../", import.meta.url).pathname;

/** One whole-process run of a reducer: wall s, peak RSS MiB, and what it printed. */
function timed(reducer, file) {
  const r = spawnSync("/usr/bin/time", ["-v", process.execPath, reducer, file], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${reducer} ${file}: exit ${r.status}\n${r.stderr}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(
    r.stderr,
  );
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { wall: seconds, rssMiB: Number(rss[1]) / 1024, out: JSON.parse(r.stdout) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pairs = Number(pairsArg);
const rows = [];
for (let i = 0; i < pairs; i++) {
  // Alternate the order so that drift hits both alike.
  const runOld = () => timed(join(oldRoot, "bench/load/reduce.mjs"), oldFile);
  const runNew = () => timed(join(root, "bench/load/reduce.mjs"), newFile);
  let old;
  let now;
  if (i % 2 === 0) {
    old = runOld();
    now = runNew();
  } else {
    now = runNew();
    old = runOld();
  }
  if (old.out.requests !== now.out.requests || old.out.p95 !== now.out.p95)
    throw new Error(`different numbers: ${JSON.stringify(old.out)} vs ${JSON.stringify(now.out)}`);
  rows.push({ old, now });
  console.log(
    `pair ${i + 1}: before ${old.wall.toFixed(1)} s ${old.rssMiB.toFixed(0)} MiB, after ${now.wall.toFixed(1)} s ${now.rssMiB.toFixed(0)} MiB, wall ratio after/before ${(now.wall / old.wall).toFixed(3)} (p95 ${now.out.p95} and ${now.out.requests} requests in both)`,
  );
}
console.log(
  `median over ${pairs} pairs: before ${median(rows.map((r) => r.old.wall)).toFixed(1)} s / ${median(rows.map((r) => r.old.rssMiB)).toFixed(0)} MiB, after ${median(rows.map((r) => r.now.wall)).toFixed(1)} s / ${median(rows.map((r) => r.now.rssMiB)).toFixed(0)} MiB, wall ratio ${median(rows.map((r) => r.now.wall / r.old.wall)).toFixed(3)}, peak ratio ${median(rows.map((r) => r.now.rssMiB / r.old.rssMiB)).toFixed(3)}`,
);
