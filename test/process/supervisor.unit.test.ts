/**
 * The process supervisor (src/process/supervisor.ts) with real tiny children:
 * `node -e` scripts, so every way a process can end is exercised for real.
 */
import { describe, expect, it } from "vitest";
import { runSupervised, supervise, type SuperviseOptions } from "../../src/process/supervisor.js";

const NODE = process.execPath;
const base: SuperviseOptions = { cwd: process.cwd(), env: { PATH: process.env["PATH"] } };

/** Resolves once `line` has been seen on stdout (the child is past its setup). */
function lineSeen(line: string): {
  onLine: NonNullable<SuperviseOptions["onLine"]>;
  seen: Promise<void>;
} {
  let resolve!: () => void;
  const seen = new Promise<void>((r) => (resolve = r));
  return { onLine: (l, stream) => stream === "stdout" && l === line && resolve(), seen };
}

describe.concurrent("supervise", { timeout: 10_000 }, () => {
  it("reports a child that exits with code 3 as exited, with its output", async () => {
    const r = await runSupervised(
      NODE,
      ["-e", "process.stdout.write('out\\n'); process.stderr.write('err\\n'); process.exit(3)"],
      base,
    );
    expect(r.end).toEqual({ kind: "exited", code: 3 });
    expect(r.stdout).toBe("out\n");
    expect(r.stderr).toBe("err\n");
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it("passes only the given environment", async () => {
    const r = await runSupervised(
      NODE,
      ["-e", "console.log(process.env.ONLY_THIS ?? 'unset', process.env.HOME ?? 'no home')"],
      {
        ...base,
        env: { PATH: process.env["PATH"], ONLY_THIS: "yes" },
      },
    );
    expect(r.stdout).toBe("yes no home\n");
  });

  it("reports a child killed by a signal we did not send as killed", async () => {
    const r = await runSupervised(NODE, ["-e", "process.kill(process.pid, 'SIGKILL')"], base);
    expect(r.end).toEqual({ kind: "killed", signal: "SIGKILL" });
  });

  it("stops a child that runs past its time limit and reports it as timed out", async () => {
    const started = performance.now();
    const r = await runSupervised(NODE, ["-e", "setTimeout(() => {}, 10_000)"], {
      ...base,
      timeoutMs: 300,
      forceKillAfterMs: 500,
    });
    expect(r.end).toEqual({ kind: "timedout", afterMs: 300 });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("kills a child that ignores the stop signal after the grace delay", async () => {
    const { onLine, seen } = lineSeen("ready");
    const started = performance.now();
    const s = supervise(
      NODE,
      ["-e", "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"],
      { ...base, timeoutMs: 5000, forceKillAfterMs: 300, onLine },
    );
    await seen;
    s.stop();
    const r = await s.result;
    expect(r.end).toEqual({ kind: "cancelled" });
    // Stopped by the SIGKILL 300 ms after SIGTERM, long before the 5 s timeout.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("reports a child stopped through the abort signal as cancelled", async () => {
    const controller = new AbortController();
    const { onLine, seen } = lineSeen("ready");
    const s = supervise(NODE, ["-e", "console.log('ready'); setTimeout(() => {}, 10_000)"], {
      ...base,
      signal: controller.signal,
      onLine,
    });
    await seen;
    controller.abort();
    const r = await s.result;
    expect(r.end).toEqual({ kind: "cancelled" });
    expect(r.durationMs).toBeLessThan(3000);
  });

  it("stops at once when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await runSupervised(NODE, ["-e", "setTimeout(() => {}, 10_000)"], {
      ...base,
      signal: controller.signal,
    });
    expect(r.end).toEqual({ kind: "cancelled" });
    expect(r.durationMs).toBeLessThan(3000);
  });

  it("reports a binary that does not exist as spawn-failed", async () => {
    const r = await runSupervised("/nonexistent/hyvve-qa-no-such-binary", [], base);
    expect(r.end.kind).toBe("spawn-failed");
    expect(r.end.kind === "spawn-failed" && r.end.message).toMatch(/ENOENT/);
  });

  it("sends stopSignal SIGINT, which a child can trap to finish its output and exit 0", async () => {
    const controller = new AbortController();
    const { onLine, seen } = lineSeen("ready");
    const script = [
      "process.on('SIGINT', () => { process.stdout.write('got SIGINT, writing report\\n'); process.exit(0); });",
      "process.on('SIGTERM', () => { process.stdout.write('got SIGTERM\\n'); process.exit(9); });",
      "console.log('ready');",
      "setInterval(() => {}, 1000);",
    ].join("\n");
    const s = supervise(NODE, ["-e", script], {
      ...base,
      signal: controller.signal,
      stopSignal: "SIGINT",
      onLine,
    });
    await seen;
    controller.abort();
    const r = await s.result;
    // It exited by itself (code 0), but because we stopped it: still cancelled.
    expect(r.end).toEqual({ kind: "cancelled" });
    expect(r.stdout).toContain("got SIGINT, writing report\n");
    expect(r.stdout).not.toContain("SIGTERM");
  });

  it("hands each line of both streams to onLine as it arrives", async () => {
    const lines: [string, string][] = [];
    const r = await runSupervised(
      NODE,
      [
        "-e",
        "process.stdout.write('one\\ntw'); setTimeout(() => { process.stdout.write('o\\n'); process.stderr.write('e1\\n'); }, 50)",
      ],
      { ...base, onLine: (line, stream) => lines.push([line, stream]) },
    );
    expect(r.end).toEqual({ kind: "exited", code: 0 });
    // "tw" + "o" arrive in two chunks and are joined into one line.
    expect(lines.filter(([, s]) => s === "stdout").map(([l]) => l)).toEqual(["one", "two"]);
    expect(lines.filter(([, s]) => s === "stderr").map(([l]) => l)).toEqual(["e1"]);
  });

  // Was a bug: the text after the last newline stayed pending when the stream ended.
  it("hands over a last line that has no trailing newline", async () => {
    const lines: string[] = [];
    const r = await runSupervised(NODE, ["-e", "process.stdout.write('first\\nlast')"], {
      ...base,
      onLine: (line) => lines.push(line),
    });
    expect(r.stdout).toBe("first\nlast");
    expect(lines).toEqual(["first", "last"]);
  });

  it("does not wait for a grandchild that keeps the output pipe open after the leader exits", async () => {
    // The grandchild inherits stdout and sleeps 20 s; the leader exits at once.
    const script =
      "require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'inherit' }).unref(); console.log('leader done')";
    const r = await runSupervised(NODE, ["-e", script], base);
    expect(r.end).toEqual({ kind: "exited", code: 0 });
    expect(r.stdout).toBe("leader done\n");
    expect(r.durationMs).toBeLessThan(5000);
  });

  it("keeps the last maxBuffer characters of a stream, and lets the child finish", async () => {
    const script =
      "for (let i = 0; i < 2000; i++) console.log(`line ${i}`); console.log('the end')";
    const r = await runSupervised(NODE, ["-e", script], { ...base, maxBuffer: 100 });
    expect(r.end).toEqual({ kind: "exited", code: 0 });
    expect(r.stdout).toHaveLength(100);
    expect(r.stdout.endsWith("line 1999\nthe end\n")).toBe(true);
  });

  it("decodes a character whose bytes arrive in two chunks", async () => {
    // "é" is two bytes in UTF-8; the first is written, then the second 50 ms later.
    const script =
      "process.stdout.write(Buffer.from([0x63, 0x61, 0x66, 0xc3])); setTimeout(() => process.stdout.write(Buffer.from([0xa9, 0x0a])), 50)";
    const lines: string[] = [];
    const r = await runSupervised(NODE, ["-e", script], { ...base, onLine: (l) => lines.push(l) });
    expect(r.stdout).toBe("café\n");
    expect(lines).toEqual(["café"]);
  });
});
