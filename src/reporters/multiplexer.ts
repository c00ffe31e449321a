/**
 * The reporter multiplexer (Playwright's model): every hook goes to every
 * reporter in order, each call in its own try/catch, so a reporter that
 * throws never costs the others their output. What threw is kept, once per
 * reporter: a failing report (a file a CI step reads) makes the verdict
 * worse, a failing export (trace, metrics, alerts) is a warning line.
 */
import type { CaseResult, RunResult, SuiteResult } from "../results/model.js";
import type { Reporter, RunBegin, RunEnd, SuiteInfo } from "../results/reporter.js";
import { describeError } from "../errors.js";

export interface ReporterEntry {
  /** The name `--reporter` and the config use; a config's own reporter is `custom #n`. */
  name: string;
  reporter: Reporter;
  /** `warning`: its failure is one warning line (exports); `fails`: it fails the run. */
  onFailure: "fails" | "warning";
  /** How its warning reads: `hyvve-qa: warning: <what> not exported: …`. */
  what?: string;
  /**
   * It writes a file of its own and prints nothing: its end may run alongside
   * its neighbours' that say so too (one writes while another fsyncs).
   */
  alongside?: boolean;
}

export interface ReporterFailure {
  reporter: string;
  message: string;
}

export class ReporterMultiplexer {
  /** Reporters whose failure fails the run (the verdict names them). */
  readonly errors: ReporterFailure[] = [];
  /** Export warnings, already printed. */
  readonly warnings: string[] = [];
  /** The paths each reporter wrote at the end, by name. */
  readonly written: Record<string, string> = {};
  private readonly failed = new Set<string>();

  constructor(
    private readonly entries: readonly ReporterEntry[],
    private readonly warn: (line: string) => void,
  ) {}

  get names(): string[] {
    return this.entries.map((e) => e.name);
  }

  async onRunBegin(begin: RunBegin): Promise<void> {
    for (const entry of this.entries)
      await this.guard(entry, () => entry.reporter.onRunBegin?.(begin));
  }

  onSuiteBegin(suite: SuiteInfo): void {
    this.each((r) => r.onSuiteBegin?.(suite));
  }

  onOutput(suite: string, line: string): void {
    this.each((r) => r.onOutput?.(suite, line));
  }

  /** A suite's cases, then its end: runners report cases when they finish. */
  onSuiteEnd(result: SuiteResult): void {
    // Only those that listen: 100k cases times every reporter adds up.
    const hearing = this.entries.filter((e) => e.reporter.onCase);
    for (const c of result.cases)
      for (const entry of hearing)
        void this.guard(entry, () => entry.reporter.onCase!(result.name, c as CaseResult));
    this.each((r) => r.onSuiteEnd?.(result));
  }

  /** Every reporter's end in order: files first, views and exports after (see the registry). */
  async onRunEnd(run: RunResult, end: RunEnd): Promise<void> {
    for (const group of endGroups(this.entries)) {
      await Promise.all(
        group.map(async (entry) => {
          const path = await this.guard(entry, () => entry.reporter.onRunEnd?.(run, end));
          if (typeof path === "string") this.written[entry.name] = path;
        }),
      );
    }
  }

  private each(call: (reporter: Reporter) => unknown): void {
    for (const entry of this.entries) void this.guard(entry, () => call(entry.reporter));
  }

  /** One hook of one reporter; a throw (or a rejected promise) is recorded once per reporter. */
  private async guard<T>(entry: ReporterEntry, call: () => T | Promise<T>): Promise<T | undefined> {
    try {
      const value = call();
      return value instanceof Promise ? await value : value;
    } catch (error) {
      this.fail(entry, error);
      return undefined;
    }
  }

  private fail(entry: ReporterEntry, error: unknown): void {
    if (this.failed.has(entry.name)) return;
    this.failed.add(entry.name);
    const message = describeError(error);
    if (entry.onFailure === "fails") {
      this.errors.push({ reporter: entry.name, message });
      return;
    }
    const warning = `hyvve-qa: warning: ${entry.what ?? entry.name} not exported: ${message}`;
    this.warnings.push(warning);
    this.warn(warning);
  }
}

/** The entries in order, neighbours that may end alongside each other grouped. */
function endGroups(entries: readonly ReporterEntry[]): ReporterEntry[][] {
  const groups: ReporterEntry[][] = [];
  for (const entry of entries) {
    const last = groups.at(-1);
    if (entry.alongside && last?.[0]?.alongside) last.push(entry);
    else groups.push([entry]);
  }
  return groups;
}
