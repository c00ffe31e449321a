// Loaded with `node --import` into hyvve-qa by bench/startup/run.mjs: appends
// to $HYVVE_QA_BENCH_MARKS, in ms since the process started, when its first
// child spawned, when its vitest exited, and when it exited itself. A
// timeline from inside, to split the fixed cost from the runner's own (noisy)
// wall time. NODE_OPTIONS is dropped at once, so no child loads this too.
import { ChildProcess } from "node:child_process";
import { appendFileSync } from "node:fs";

const file = process.env.HYVVE_QA_BENCH_MARKS;
delete process.env.NODE_OPTIONS;
delete process.env.HYVVE_QA_BENCH_MARKS;

const marks = { firstSpawn: undefined, runnerExit: undefined };
const spawn = ChildProcess.prototype.spawn;
ChildProcess.prototype.spawn = function (options) {
  marks.firstSpawn ??= performance.now();
  if (/vitest/.test(String(options.args)))
    this.once("exit", () => (marks.runnerExit = performance.now()));
  return spawn.call(this, options);
};
process.on("exit", () => {
  appendFileSync(file, `${JSON.stringify({ ...marks, exit: performance.now() })}\n`);
});
