/**
 * The load section of the HTML report: a table per endpoint and two inline
 * SVG charts (latency percentiles and request rate over time). Inline SVG
 * keeps the report self-contained; every label is escaped.
 */
import type { LoadMetrics, SuiteResult } from "../results/model.js";
import { escapeHtml } from "./escape.js";

const WIDTH = 640;
const HEIGHT = 180;
const PAD = 36;

function fixed(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "–";
}

interface Line {
  label: string;
  color: string;
  values: number[];
}

function chart(title: string, unit: string, times: number[], lines: Line[]): string {
  const all = lines.flatMap((l) => l.values).filter(Number.isFinite);
  const maxY = Math.max(1, ...all);
  const t0 = times[0] ?? 0;
  const span = Math.max(1, (times.at(-1) ?? 0) - t0);
  const x = (t: number) => PAD + ((t - t0) / span) * (WIDTH - 2 * PAD);
  const y = (v: number) => HEIGHT - PAD + 8 - (v / maxY) * (HEIGHT - PAD - 8);
  const paths = lines
    .map((line) => {
      const d = line.values
        .map((v, i) => `${i === 0 ? "M" : "L"}${x(times[i]!).toFixed(1)},${y(v).toFixed(1)}`)
        .join("");
      return `<path d="${d}" fill="none" stroke="${line.color}" stroke-width="1.5"/>`;
    })
    .join("");
  const legend = lines
    .map(
      (line, i) =>
        `<text x="${PAD + i * 90}" y="14" font-size="11" fill="${line.color}">${escapeHtml(line.label)}</text>`,
    )
    .join("");
  return `<figure><svg role="img" aria-label="${escapeHtml(title)}" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<line x1="${PAD}" y1="${HEIGHT - PAD + 8}" x2="${WIDTH - PAD}" y2="${HEIGHT - PAD + 8}" stroke="#999"/>
<line x1="${PAD}" y1="8" x2="${PAD}" y2="${HEIGHT - PAD + 8}" stroke="#999"/>
<text x="2" y="16" font-size="10">${fixed(maxY, 0)}</text><text x="2" y="${HEIGHT - PAD + 8}" font-size="10">0</text>
<text x="${WIDTH - PAD - 40}" y="${HEIGHT - 4}" font-size="10">${fixed(span, 0)} s</text>
${legend}${paths}</svg><figcaption>${escapeHtml(title)} (${escapeHtml(unit)})</figcaption></figure>`;
}

function endpointTable(load: LoadMetrics): string {
  const rows = load.endpoints
    .map(
      (e) =>
        `<tr><td>${escapeHtml(e.scenario)}</td><td>${escapeHtml(e.endpoint)}</td><td>${e.requests}</td><td>${fixed(
          e.rps,
        )}</td><td>${fixed(e.errorRate * 100, 2)}%</td><td>${fixed(e.latencyMs.p50)}</td><td>${fixed(
          e.latencyMs.p90,
        )}</td><td>${fixed(e.latencyMs.p95)}</td><td>${fixed(e.latencyMs.p99)}</td><td>${fixed(e.latencyMs.max)}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>scenario</th><th>endpoint</th><th>requests</th><th>req/s</th><th>errors</th><th>p50 ms</th><th>p90 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function thresholdList(load: LoadMetrics): string {
  if (load.thresholds.length === 0) return "";
  // Crossed thresholds first and in full; the passed ones folded into one line.
  const failed = load.thresholds.filter((t) => !t.ok);
  const passed = load.thresholds.filter((t) => t.ok);
  const item = (t: LoadMetrics["thresholds"][number]) =>
    `<li><span class="badge ${t.ok ? "passed" : "failed"}">${t.ok ? "ok" : "failed"}</span> ${escapeHtml(t.metric)}: ${escapeHtml(t.expression)}</li>`;
  const folded =
    passed.length > 0
      ? `<li><details><summary>${passed.length} threshold${passed.length === 1 ? "" : "s"} passed</summary><ul>${passed.map(item).join("")}</ul></details></li>`
      : "";
  return `<ul>${failed.map(item).join("")}${folded}</ul>`;
}

export function renderLoadSection(suite: SuiteResult): string {
  const load = suite.load;
  if (!load) return "";
  const times = load.series.map((p) => p.t);
  const latency = chart("Latency over time", "ms", times, [
    { label: "p50", color: "#2563eb", values: load.series.map((p) => p.p50) },
    { label: "p95", color: "#d97706", values: load.series.map((p) => p.p95) },
    { label: "p99", color: "#dc2626", values: load.series.map((p) => p.p99) },
  ]);
  const rate = chart("Request rate over time", "req/s", times, [
    { label: "req/s", color: "#15803d", values: load.series.map((p) => p.rps) },
  ]);
  return `<section class="load"><h2>Load: ${escapeHtml(suite.name)}</h2>
<p>${load.requests} requests in ${fixed(load.durationS)} s · ${fixed(load.rps)} req/s · errors ${fixed(
    load.errorRate * 100,
    2,
  )}% · checks ${load.checks.passes} passed / ${load.checks.fails} failed · p50 ${fixed(load.latencyMs.p50)} ms · p95 ${fixed(
    load.latencyMs.p95,
  )} ms · p99 ${fixed(load.latencyMs.p99)} ms</p>
${thresholdList(load)}${endpointTable(load)}<div class="attachments">${latency}${rate}</div></section>`;
}
