/**
 * The two live views of a run. `lines` prints one line per event (CI logs,
 * pipes, --verbose): what started, every line a runner printed, how each
 * suite ended. `tree` redraws one row per suite in place on a terminal: a
 * spinner while it runs, its last output line, its status when done.
 */
import type { SuiteResult } from "../results/model.js";
import type { Reporter, SuiteInfo } from "../results/reporter.js";

const title = (s: SuiteInfo) => `${s.name} (${s.runner})`;
/** Ended well: passed, or nothing to say against it. */
const fine = (status: SuiteResult["status"]) => status === "passed" || status === "skipped";

/** A line per event; with several suites at once, each output line names its suite. */
export function linesReporter(print: (text: string) => void): Reporter {
  let several = false;
  return {
    onRunBegin(begin) {
      several = begin.suites.length > 1;
    },
    onSuiteBegin(suite) {
      print(`❯ ${title(suite)}\n`);
    },
    onOutput(suite, line) {
      print(several ? `› ${suite}: ${line}\n` : `› ${line}\n`);
    },
    onSuiteEnd(result) {
      print(`${fine(result.status) ? "✔" : "✖"} ${title(result)}: ${result.status}\n`);
    },
  };
}

interface Row {
  suite: SuiteInfo;
  state: "waiting" | "running" | SuiteResult["status"];
  last: string;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** What the tree view needs of a terminal. */
export interface TerminalOut {
  write(text: string): unknown;
  columns?: number;
}

/** The live tree on a terminal, redrawn every 80 ms while a suite runs. */
export function treeReporter(out: TerminalOut, intervalMs = 80): Reporter {
  const rows = new Map<string, Row>();
  let drawn = 0;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    const width = Math.max(20, (out.columns ?? 100) - 1);
    const lines = [...rows.values()].flatMap((row) => rowLines(row, frame, width));
    // Up to the first row drawn, clear below, draw again: rows never wrap (cut to the width).
    out.write(`${drawn > 0 ? `\x1b[${drawn}F\x1b[0J` : ""}${lines.join("\n")}\n`);
    drawn = lines.length;
    frame++;
  };
  const stop = () => {
    if (!timer) return;
    clearInterval(timer);
    timer = undefined;
    draw();
    out.write("\x1b[?25h");
  };
  return {
    onRunBegin(begin) {
      for (const suite of begin.suites) rows.set(suite.name, { suite, state: "waiting", last: "" });
      if (rows.size === 0) return;
      out.write("\x1b[?25l");
      timer = setInterval(draw, intervalMs);
      timer.unref();
      draw();
    },
    onSuiteBegin(suite) {
      const row = rows.get(suite.name);
      if (row) row.state = "running";
    },
    onOutput(suite, line) {
      const row = rows.get(suite);
      // A runner's colours would count toward the width and could break the redraw.
      // eslint-disable-next-line no-control-regex -- ESC starts the colour codes removed here
      if (row) row.last = line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
    },
    onSuiteEnd(result) {
      const row = rows.get(result.name);
      if (row) row.state = result.status;
      if ([...rows.values()].every((r) => r.state !== "waiting" && r.state !== "running")) stop();
    },
    // Interrupted before every suite ended: the tree is left as it stands.
    onRunEnd: stop,
  };
}

/** One suite's row, and its last output line under it while it runs. */
function rowLines(row: Row, frame: number, width: number): string[] {
  const cut = (text: string) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
  if (row.state === "waiting") return [cut(`◌ ${title(row.suite)}`)];
  if (row.state === "running") {
    const head = cut(`${SPINNER[frame % SPINNER.length]} ${title(row.suite)}`);
    return row.last ? [head, cut(`  › ${row.last}`)] : [head];
  }
  return [cut(`${fine(row.state) ? "✔" : "✖"} ${title(row.suite)}: ${row.state}`)];
}
