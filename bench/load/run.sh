#!/usr/bin/env bash
# bench/load: (1) throughput of k6 through hyvve-qa vs the same k6 command run
# directly (RPS ratio, goal >= 0.97); (2) what k6 writes to disk per point
# (plain JSON vs the gzip it writes now); (3) time to reduce 1,000,000 raw k6
# points to the report's metrics (goal < 3 s), whole process, with hyperfine.
# Soak scale (issue 14, 10,000,000 points against the earlier build):
# bench/load/soak-ratio.mjs.
# Needs k6 (hyvve-qa setup) and a build (npm run build).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-5}
node bench/load/rps-ratio.mjs
node bench/load/generate-points.mjs /tmp/hyvve-bench-k6-mix.json 1000000 mix
node bench/load/generate-points.mjs /tmp/hyvve-bench-k6-latency.json 1000000 latency
node bench/load/reduce.mjs /tmp/hyvve-bench-k6-mix.json
node bench/load/reduce.mjs /tmp/hyvve-bench-k6-latency.json
node bench/load/out-size.mjs
hyperfine --warmup 1 --runs "$runs" -N \
  -n "reduce 1M points (k6 mix)" "node bench/load/reduce.mjs /tmp/hyvve-bench-k6-mix.json" \
  -n "reduce 1M points (all http_req_duration)" "node bench/load/reduce.mjs /tmp/hyvve-bench-k6-latency.json"
