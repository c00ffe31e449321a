// Writes N JUnit files holding CASES test cases in total (default 200 files,
// 100,000 cases), a realistic mix: ~2% failures with stacks, 1% skipped,
// some system-out. Deterministic, so runs compare like with like.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir = "/tmp/hyvve-bench-junit", files = "200", cases = "100000"] = process.argv.slice(2);
const fileCount = Number(files);
const perFile = Math.ceil(Number(cases) / fileCount);
mkdirSync(dir, { recursive: true });
let n = 0;
for (let f = 0; f < fileCount; f++) {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="shard-${f}">`];
  for (let s = 0; s < 5; s++) {
    parts.push(`<testsuite name="suite-${f}-${s}" tests="${perFile / 5}">`);
    for (let c = 0; c < perFile / 5 && n < Number(cases); c++, n++) {
      const time = ((n * 7919) % 5000) / 1000;
      let body = "";
      if (n % 50 === 0)
        body = `<failure message="expected ${n} to equal ${n + 1}" type="AssertionError">AssertionError: expected ${n}\n    at Object.test (src/module-${f}.test.ts:${c}:13)\n    at run (node_modules/runner/index.js:10:5)</failure>`;
      else if (n % 100 === 1) body = `<skipped message="not on this platform"/>`;
      else if (n % 10 === 3) body = `<system-out>log line for case ${n} &amp; friends</system-out>`;
      parts.push(
        `<testcase classname="module-${f}.feature-${s}" name="case ${n} handles input ${c}" time="${time}">${body}</testcase>`,
      );
    }
    parts.push(`</testsuite>`);
  }
  parts.push(`</testsuites>\n`);
  writeFileSync(join(dir, `junit-${String(f).padStart(3, "0")}.xml`), parts.join("\n"));
}
console.log(`wrote ${fileCount} files, ${n} cases to ${dir}`);
