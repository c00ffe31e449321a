/**
 * The trends section of the HTML report: per suite, small inline SVG charts of
 * pass rate, wall time and flaky count over the last runs, and per load
 * endpoint its p95 over the runs with each change point marked and spelled
 * out. Inline SVG keeps the report self-contained; colours are presentation
 * attributes (the CSP admits no style attributes) and every name is escaped.
 */
import type { ChangePointResult, HistoryTrends, RunResult } from "../results/model.js";
import { escapeHtml } from "./escape.js";

type Trends = HistoryTrends;
type TrendRun = Trends["runs"][number];

const WIDTH = 240;
const HEIGHT = 60;
const PAD = 6;

/** The classes of this section and of the history strips; html.ts adds them to its one <style> block. */
export const TRENDS_STYLE = `
.trends-table td,.trends-table th{vertical-align:middle}.trend-fig{margin:0;display:inline-block}
.trend-fig figcaption{font-size:12px;color:#374151}.trend-now{font-weight:600}
.trend-endpoint{margin:8px 0}.trends h3{font-size:14px;margin:12px 0 4px}.trend-endpoint h4{font-size:13px;margin:0 0 4px}
.change-points{margin:4px 0 0;padding-left:20px;color:#92400e}
.strip{display:inline-flex;gap:1px;vertical-align:middle}.h-sq{display:inline-block;width:8px;height:12px;border-radius:1px}
.h-p{background:#15803d}.h-f{background:#b91c1c}.h-r{background:#d97706}.h-s{background:#d1d5db}
.badge.hclass{margin-left:4px;background:#fff;border:1px solid currentColor}
.badge.hclass.flaky{color:#b45309}.badge.hclass.broken{color:#7f1d1d}`;

interface Metric {
  /** Stable, for tests and scripts: `data-metric` on the svg. */
  key: string;
  label: string;
  color: string;
  format: (v: number) => string;
  /** The top of the y axis; the bottom is 0, so a chart does not blow noise up. */
  top: (values: number[]) => number;
}

function trimmed(n: number, digits = 1): string {
  return String(Number(n.toFixed(digits)));
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${trimmed(ms)} ms` : `${trimmed(ms / 1000, 2)} s`;
}

function formatP(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${String(Number(p.toPrecision(2)))}`;
}

const maxOf = (floor: number) => (values: number[]) => Math.max(floor, ...values);

const PASS_RATE: Metric = {
  key: "pass-rate",
  label: "pass rate",
  color: "#15803d",
  format: (v) => `${trimmed(v * 100)} %`,
  top: () => 1,
};
const DURATION: Metric = {
  key: "duration",
  label: "duration",
  color: "#2563eb",
  format: formatMs,
  top: maxOf(1),
};
const FLAKY: Metric = {
  key: "flaky",
  label: "flaky",
  color: "#b45309",
  format: (v) => String(v),
  top: maxOf(1),
};
const P95: Metric = {
  key: "p95",
  label: "p95",
  color: "#d97706",
  format: (v) => `${trimmed(v)} ms`,
  top: maxOf(1),
};

interface Scale {
  x: (i: number) => number;
  y: (v: number) => number;
}

function scale(runs: number, top: number): Scale {
  const step = (WIDTH - 2 * PAD) / Math.max(1, runs - 1);
  return {
    x: (i) => PAD + i * step,
    y: (v) => HEIGHT - PAD - (Math.min(Math.max(v, 0), top) / top) * (HEIGHT - 2 * PAD),
  };
}

const isValue = (v: number | null | undefined): v is number =>
  typeof v === "number" && Number.isFinite(v);

/** A line through the values; a run without a value lifts the pen, so it is a gap, not a zero. */
function pathData(values: readonly (number | null)[], s: Scale): string {
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (!isValue(v)) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${s.x(i).toFixed(1)},${s.y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}

/** One dot per value (so a lone value between gaps still shows), each naming its run. */
function dots(values: readonly (number | null)[], runs: TrendRun[], s: Scale, m: Metric): string {
  return values
    .map((v, i) => {
      if (!isValue(v)) return "";
      const run = runs[i];
      const name = run ? `run ${run.runId} (${run.startedAt})` : `run ${i + 1}`;
      return `<circle cx="${s.x(i).toFixed(1)}" cy="${s.y(v).toFixed(1)}" r="2" fill="${m.color}"><title>${escapeHtml(
        `${name}: ${m.format(v)}`,
      )}</title></circle>`;
    })
    .join("");
}

function changePointMarks(points: readonly ChangePointResult[], runs: number, s: Scale): string {
  return points
    .filter((cp) => cp.index >= 0 && cp.index < runs)
    .map((cp) => {
      const x = s.x(cp.index).toFixed(1);
      return `<g class="change-point" data-index="${cp.index}"><title>${escapeHtml(
        changePointSentence(cp),
      )}</title><line x1="${x}" y1="${PAD / 2}" x2="${x}" y2="${HEIGHT - PAD / 2}" stroke="#b91c1c" stroke-width="1" stroke-dasharray="3 2"/><circle cx="${x}" cy="${s.y(cp.after).toFixed(1)}" r="3.5" fill="none" stroke="#b91c1c" stroke-width="1.5"/></g>`;
    })
    .join("");
}

export function changePointSentence(cp: ChangePointResult): string {
  return `p95 shifted from ${trimmed(cp.before)} ms to ${trimmed(cp.after)} ms at run ${cp.runId} (${formatP(cp.p)})`;
}

/** A sparkline of one metric over the runs, with this run's value as text beside it. */
function chart(
  subject: string,
  m: Metric,
  values: readonly (number | null)[],
  runs: TrendRun[],
  changePoints: readonly ChangePointResult[] = [],
): string {
  const series = runs.map((_, i) => values[i] ?? null);
  const s = scale(runs.length, m.top(series.filter(isValue)));
  const last = series.at(-1);
  const now = isValue(last) ? m.format(last) : "not in this run";
  const label = `${m.label} of ${subject} over the last ${runs.length} runs, now ${now}`;
  const baseline = HEIGHT - PAD;
  return `<figure class="trend-fig"><svg class="trend" data-metric="${m.key}" role="img" aria-label="${escapeHtml(
    label,
  )}" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}"><title>${escapeHtml(label)}</title>
<line x1="${PAD}" y1="${baseline}" x2="${WIDTH - PAD}" y2="${baseline}" stroke="#d1d5db"/>${changePointMarks(
    changePoints,
    runs.length,
    s,
  )}<path class="trend-line" d="${pathData(series, s)}" fill="none" stroke="${m.color}" stroke-width="1.5"/>${dots(
    series,
    runs,
    s,
    m,
  )}</svg><figcaption>${escapeHtml(m.label)}: <span class="trend-now">${escapeHtml(now)}</span></figcaption></figure>`;
}

function suiteRows(trends: Trends): string {
  return Object.entries(trends.suites)
    .map(([name, t]) => {
      const cells = [
        chart(name, PASS_RATE, t.passRate, trends.runs),
        chart(name, DURATION, t.durationMs, trends.runs),
        chart(name, FLAKY, t.flaky, trends.runs),
      ];
      return `<tr data-suite="${escapeHtml(name)}"><th>${escapeHtml(name)}</th>${cells
        .map((c) => `<td>${c}</td>`)
        .join("")}</tr>`;
    })
    .join("");
}

function endpointBlocks(trends: Trends): string {
  return Object.entries(trends.endpoints)
    .map(([name, e]) => {
      const notes = e.changePoints.length
        ? `<ul class="change-points">${e.changePoints
            .map(
              (cp) => `<li class="change-point-note">${escapeHtml(changePointSentence(cp))}</li>`,
            )
            .join("")}</ul>`
        : "";
      return `<div class="trend-endpoint" data-endpoint="${escapeHtml(name)}"><h4>${escapeHtml(
        name,
      )}</h4>${chart(name, P95, e.p95, trends.runs, e.changePoints)}${notes}</div>`;
    })
    .join("");
}

/** The section, or "" when there is no history of at least two runs to draw. */
export function renderTrendsSection(run: RunResult): string {
  const trends = run.history?.trends;
  if (!trends || trends.runs.length < 2) return "";
  const first = trends.runs[0];
  const span = first
    ? `<p class="muted">from run ${escapeHtml(first.runId)} (${escapeHtml(first.startedAt)}) to this run</p>`
    : "";
  const suites = Object.keys(trends.suites).length
    ? `<table class="trends-table"><thead><tr><th>suite</th><th>pass rate</th><th>duration</th><th>flaky</th></tr></thead><tbody>${suiteRows(
        trends,
      )}</tbody></table>`
    : "";
  const endpoints = Object.keys(trends.endpoints).length
    ? `<h3>Load p95 per endpoint</h3>${endpointBlocks(trends)}`
    : "";
  return `<section id="trends" class="trends"><h2>Trends (last ${trends.runs.length} runs)</h2>${span}${suites}${endpoints}</section>`;
}

/** What each letter of a history strip (`recent`, `strips`) stands for; the client script reads the same. */
export const STRIP_LETTERS: Readonly<Record<string, string>> = {
  p: "passed",
  f: "failed",
  r: "passed on retry (flaky)",
  s: "skipped",
};

/** A history strip as small coloured squares, oldest first; unknown letters are left out. */
export function stripHtml(letters: string): string {
  const known = [...letters].filter((l) => Object.hasOwn(STRIP_LETTERS, l));
  if (known.length === 0) return "";
  const label = `last ${known.length} runs, oldest first: ${known.map((l) => STRIP_LETTERS[l]).join(", ")}`;
  const squares = known
    .map((l) => `<span class="h-sq h-${l}" title="${escapeHtml(STRIP_LETTERS[l] ?? l)}"></span>`)
    .join("");
  return `<span class="strip" role="img" aria-label="${escapeHtml(label)}">${squares}</span>`;
}
