// What `hyvve-qa history flaky` and a run's report do with a history file:
// read, validate every line, classify every case, build the trends (per
// suite, per endpoint with change points). MODE=parse stops after JSON.parse
// of each line (the floor: no validation, no statistics), as the peer in the
// same run.
// Usage: node bench/history/analyse.mjs FILE [full|parse]
import { readFileSync } from "node:fs";
import { historyTrends } from "../../dist/src/baseline/trends.js";
import { analyseFlakiness } from "../../dist/src/history/flaky.js";
import { parseHistory } from "../../dist/src/history/store.js";

const [file = "/tmp/hyvve-bench-history.jsonl", mode = "full"] = process.argv.slice(2);
const text = readFileSync(file, "utf8");
if (mode === "parse") {
  let n = 0;
  for (const line of text.split("\n")) if (line) n += JSON.parse(line).status?.length ?? 0;
  console.log(`parsed ${n} case entries`);
} else {
  const { records } = parseHistory(text);
  const result = analyseFlakiness(records);
  const flaky = result.filter((r) => r.class === "flaky").length;
  const broken = result.filter((r) => r.class === "broken").length;
  const trends = historyTrends(records);
  const shifts = Object.values(trends.endpoints).flatMap((e) => e.changePoints).length;
  console.log(
    `${records.length} runs, ${result.length} cases: ${flaky} flaky, ${broken} broken; ` +
      `trends of ${Object.keys(trends.suites).length} suites, ${shifts} change points`,
  );
}
