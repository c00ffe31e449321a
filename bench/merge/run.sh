#!/usr/bin/env bash
# bench/merge: 200 JUnit files, 100,000 cases. Times `hyvve-qa report --junit`
# (run.json + junit.xml + index.html) against junit-report-merger writing its
# merged JUnit alone, on the same files in the same hyperfine run, and the
# peak memory of each with /usr/bin/time -v. Build first: npm run build.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${BENCH_DIR:-/tmp/hyvve-bench-junit}
runs=${RUNS:-7}
node bench/merge/generate.mjs "$data" 200 100000
ours="sh -c 'node bin/hyvve-qa.js report --junit $data/*.xml --out /tmp/hyvve-bench-out >/dev/null; test \$? -le 1'"
peer="node node_modules/junit-report-merger/cli.js /tmp/hyvve-bench-jrm.xml '$data/*.xml'"
hyperfine --warmup 1 --runs "$runs" -N --export-json /tmp/hyvve-bench-merge.json \
  -n hyvve-qa "$ours" -n junit-report-merger "$peer"
node -e '
const r = require("/tmp/hyvve-bench-merge.json").results;
const med = (x) => x.median;
console.log(`ratio junit-report-merger / hyvve-qa (median wall): ${(med(r[1]) / med(r[0])).toFixed(2)}x`);'
for cmd in "node bin/hyvve-qa.js report --junit $data/*.xml --out /tmp/hyvve-bench-out" "$peer"; do
  /usr/bin/time -v sh -c "$cmd >/dev/null" 2>&1 | awk -v c="${cmd%% *} ${cmd#* }" '/Maximum resident/ {printf "peak RSS %.0f MB: %s\n", $6/1024, substr(c,1,60)}' || true
done
