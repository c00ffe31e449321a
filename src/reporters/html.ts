/**
 * One self-contained HTML file: no network, no external assets. The summary
 * and the failures are rendered here, escaped; the full case list (which may
 * hold 100k rows) travels as inert JSON and is paged by a small inline script
 * that only ever writes text (textContent), never markup. A strict CSP allows
 * exactly that script and style by hash.
 */
import { baselineNotes } from "../results/baseline-notes.js";
import { createHash } from "node:crypto";
import {
  countCases,
  countRun,
  headline,
  type CaseResult,
  type RunResult,
  type SuiteResult,
} from "../results/model.js";
import { escapeHtml, jsonForScript } from "./escape.js";
import { renderLoadSection } from "./html-load.js";
import {
  reviewPanelsHtml,
  reviewParts,
  withoutPanelImages,
  type ReviewOptions,
} from "./html-review.js";
import { renderTrendsSection, STRIP_LETTERS, stripHtml, TRENDS_STYLE } from "./html-trends.js";

const STATUS_ORDER = ["failed", "flaky", "skipped", "passed"] as const;
/** Failures rendered in full; beyond this the case table still lists them. */
const MAX_FAILURE_DETAILS = 300;

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

function formatMs(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Attachment paths are ours (relative, inside the run folder), but still never trusted as markup. */
function attachmentHtml(c: CaseResult): string {
  if (c.attachments.length === 0) return "";
  const items = c.attachments.map((a) => {
    const href = escapeHtml(encodeURI(a.path));
    const name = escapeHtml(a.name);
    if (a.contentType.startsWith("image/")) {
      return `<figure><img src="${href}" alt="${name}" loading="lazy"><figcaption>${name}</figcaption></figure>`;
    }
    return `<a href="${href}">${name}</a>`;
  });
  return `<div class="attachments">${items.join("")}</div>`;
}

/** A failed or flaky case in full; in review mode with its visual review panels. */
function failureHtml(suite: SuiteResult, c: CaseResult, review?: ReviewOptions): string {
  const message = c.failure?.message ?? "";
  const stack =
    c.failure?.stack && c.failure.stack !== message
      ? `<pre>${escapeHtml(c.failure.stack)}</pre>`
      : "";
  // Flaky cases passed in the end: their failed attempt is shown, folded.
  const open = c.status === "failed" ? " open" : "";
  const retries =
    c.status === "flaky" ? ` (passed after ${c.retries} retr${c.retries === 1 ? "y" : "ies"})` : "";
  const quarantined = c.quarantined ? ' <span class="badge quarantined">quarantined</span>' : "";
  return `<details${open} class="failure"><summary><span class="badge ${c.status}">${c.status}</span>${quarantined} <b>${escapeHtml(
    suite.name,
  )}</b> › ${escapeHtml(c.titlePath.join(" › "))}${retries}</summary><p class="msg">${escapeHtml(message)}</p>${stack}${review ? attachmentHtml(withoutPanelImages(c)) + reviewPanelsHtml(c, review) : attachmentHtml(c)}</details>`;
}

function suiteErrorHtml(suite: SuiteResult): string {
  if (!suite.error) return "";
  const tail = suite.error.stderrTail ? `<pre>${escapeHtml(suite.error.stderrTail)}</pre>` : "";
  return `<details open class="failure"><summary><span class="badge ${escapeHtml(suite.status)}">${escapeHtml(
    suite.status,
  )}</span> <b>${escapeHtml(suite.name)}</b> (runner: ${escapeHtml(suite.runner)})</summary><p class="msg">${escapeHtml(
    suite.error.message,
  )}</p>${tail}</details>`;
}

function suiteRow(suite: SuiteResult): string {
  const n = countCases(suite.cases);
  const notes = suite.notes?.length
    ? `<div class="notes">${suite.notes.map(escapeHtml).join("<br>")}</div>`
    : "";
  return `<tr><td><b>${escapeHtml(suite.name)}</b>${notes}</td><td>${escapeHtml(suite.kind)}</td><td>${escapeHtml(
    suite.runner,
  )}</td><td><span class="badge ${escapeHtml(suite.status)}">${escapeHtml(suite.status)}</span></td><td>${n.total}</td><td>${
    n.passed
  }</td><td>${n.failed}</td><td>${n.flaky}</td><td>${n.skipped}</td><td class="num">${formatMs(suite.durationMs)}</td></tr>`;
}

/** The baseline section: what was compared (or why nothing was), and the findings. */
function baselineHtml(run: RunResult): string {
  const comparison = run.baseline;
  if (!comparison) return "";
  const findings = comparison.findings;
  const notes = baselineNotes(comparison);
  if (findings.length === 0 && notes.length === 0) return "";
  const source = [comparison.kind, comparison.source].filter(Boolean).join(" · ");
  const note = notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("");
  const rows = findings
    .map(
      (f) =>
        `<li class="${f.regression ? "regression" : ""}">${escapeHtml(f.kind)}: ${escapeHtml(f.suite)} — ${escapeHtml(f.message)}</li>`,
    )
    .join("");
  return `<section id="baseline"><h2>Compared with baseline</h2><p class="muted">${escapeHtml(source)}</p>${note}${rows ? `<ul>${rows}</ul>` : ""}</section>`;
}

/** The services the run reached and the stack it started: status, start-up, log, last lines. */
function stackHtml(run: RunResult): string {
  const services = Object.entries(run.environment.services ?? {});
  const stack = run.stack ?? [];
  if (services.length === 0 && stack.length === 0) return "";
  const serviceList = services
    .map(([name, url]) => `<li>${escapeHtml(name)}: <code>${escapeHtml(url)}</code></li>`)
    .join("");
  const rows = stack
    .map((s) => {
      const log = s.log ? `<a href="${escapeHtml(s.log)}">${escapeHtml(s.log)}</a>` : "";
      const startup = s.startupMs !== undefined ? formatMs(s.startupMs) : "\u2013";
      const last = s.lastLines?.length ? `<pre>${escapeHtml(s.lastLines.join("\n"))}</pre>` : "";
      const badge = s.status === "died" || s.status === "failed" ? "failed" : "passed";
      return `<tr><td>${escapeHtml(s.name)}</td><td><span class="badge ${badge}">${escapeHtml(s.status)}</span></td><td>${escapeHtml(s.services.join(", "))}</td><td>${startup}</td><td>${escapeHtml(s.end ?? "")}${last}</td><td>${log}</td></tr>`;
    })
    .join("");
  const table = rows
    ? `<table><thead><tr><th>command</th><th>status</th><th>gave URLs of</th><th>ready after</th><th>end</th><th>log</th></tr></thead><tbody>${rows}</tbody></table>`
    : "";
  return `<section id="stack"><h2>Stack</h2>${serviceList ? `<ul>${serviceList}</ul>` : ""}${table}</section>`;
}

/** Flaky and broken cases from the history, quarantine candidates and expired entries. */
function historyHtml(run: RunResult): string {
  const h = run.history;
  if (!h || (h.cases.length === 0 && h.expired.length === 0)) return "";
  const rows = h.cases
    .map(
      (c) =>
        `<tr><td><span class="badge ${escapeHtml(c.class)}">${escapeHtml(c.class)}</span></td><td>${escapeHtml(c.id)}</td><td>${c.flipRate.toFixed(2)}</td><td>${(c.failureRate * 100).toFixed(0)}%</td><td>${c.passOnRetry}</td><td>${stripHtml(c.recent.slice(-20))}</td><td>${h.suggestions.includes(c.id) ? "quarantine candidate" : ""}</td></tr>`,
    )
    .join("");
  const expired = h.expired
    .map(
      (e) =>
        `<li>quarantine of ${escapeHtml(e.pattern)} expired on ${escapeHtml(e.expires)} (owner ${escapeHtml(e.owner)})</li>`,
    )
    .join("");
  return `<section id="history"><h2>History (${h.runs} earlier runs)</h2>${expired ? `<ul>${expired}</ul>` : ""}<table><thead><tr><th>class</th><th>case</th><th>flip rate</th><th>failed</th><th>passed on retry</th><th>last runs</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** Why the verdict is what it is, right under the headline. */
function verdictHtml(run: RunResult): string {
  const reasons = run.verdict?.reasons ?? [];
  if (reasons.length === 0) return "";
  return `<ul id="verdict-reasons">${reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul>`;
}

/**
 * Compact rows for the client-side table: [suite, status, title, file, ms,
 * message, quarantined, history strip (letters as `recent`), history class
 * ("flaky", "broken" or "")].
 */
function caseRows(run: RunResult): unknown[] {
  const strips = run.history?.strips ?? {};
  const classes = new Map<string, string>();
  for (const h of run.history?.cases ?? []) {
    if (h.class === "flaky" || h.class === "broken") classes.set(h.id, h.class);
  }
  // Failures first, then flaky, skipped, passed; in run order within a status (one bucket each,
  // no sort of 100k rows).
  const buckets = new Map<string, unknown[]>(STATUS_ORDER.map((status) => [status, []]));
  for (const suite of run.suites) {
    for (const c of suite.cases) {
      buckets
        .get(c.status)!
        .push([
          suite.name,
          c.status,
          c.titlePath.join(" › "),
          c.file ?? "",
          c.durationMs,
          c.failure?.message ?? "",
          c.quarantined ? 1 : 0,
          (Object.hasOwn(strips, c.id) ? strips[c.id] : undefined) ?? "",
          classes.get(c.id) ?? "",
        ]);
    }
  }
  return [...buckets.values()].flat();
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
#verdict-reasons{margin:8px 0 0;padding-left:20px;color:#fecaca}.note{color:#92400e}
main{padding:16px 24px;max-width:1400px}
section{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 8px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eef0f3;vertical-align:top}
.badge{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;color:#fff;background:#6b7280}
.badge.passed{background:#15803d}.badge.failed,.badge.errored,.badge.error{background:#b91c1c}.badge.flaky{background:#b45309}
.badge.timedout,.badge.interrupted{background:#7c3aed}.badge.quarantined{background:#0e7490}.badge.new{background:#6b7280}.badge.broken{background:#7f1d1d}.badge.skipped{background:#6b7280}
.msg{white-space:pre-wrap;font-family:ui-monospace,monospace;color:#b91c1c}
pre{background:#f3f4f6;padding:8px;overflow:auto;max-height:320px}
.attachments{display:flex;gap:8px;flex-wrap:wrap}.attachments img{max-width:420px;border:1px solid #ddd}
figure{margin:0}.muted,.notes{color:#6b7280;font-size:12px}.num{white-space:nowrap}.regression{color:#b91c1c}
.controls{display:flex;gap:8px;margin-bottom:8px}.controls input{flex:1;padding:4px}
#pager{margin-top:8px;display:flex;gap:8px;align-items:center}
svg{background:#fff}${TRENDS_STYLE}`;

// Pages through `rows`; writes text only, so nothing a test produced can become markup.
const SCRIPT = `
(function(){
var rows=JSON.parse(document.getElementById("cases-data").textContent);
var body=document.getElementById("cases-body"),status=document.getElementById("status-filter"),
text=document.getElementById("text-filter"),info=document.getElementById("page-info"),page=0,size=100,view=rows;
function fmt(ms){return ms===null?"\\u2013":ms<1000?Math.round(ms)+" ms":(ms/1000).toFixed(2)+" s";}
var HN=${JSON.stringify(STRIP_LETTERS)};
function badge(td,value,cls){var s=document.createElement("span");s.className="badge "+cls;s.textContent=value;td.appendChild(s);return s;}
function cell(tr,value,cls){var td=document.createElement("td");if(cls){badge(td,value,cls);}else{td.textContent=value;}tr.appendChild(td);return td;}
function strip(tr,h){var td=document.createElement("td"),w=document.createElement("span"),names=[];w.className="strip";w.setAttribute("role","img");
for(var i=0;i<h.length;i++){var c=h.charAt(i);if(!Object.prototype.hasOwnProperty.call(HN,c))continue;var q=document.createElement("span");q.className="h-sq h-"+c;q.title=HN[c];w.appendChild(q);names.push(HN[c]);}
if(names.length){w.setAttribute("aria-label","last "+names.length+" runs, oldest first: "+names.join(", "));td.appendChild(w);}tr.appendChild(td);}
function apply(){var st=status.value,q=text.value.toLowerCase();view=rows.filter(function(r){return(!st||r[1]===st)&&(!q||(r[0]+" "+r[2]+" "+r[3]+" "+r[5]).toLowerCase().indexOf(q)!==-1);});page=0;draw();}
function draw(){body.textContent="";var pages=Math.max(1,Math.ceil(view.length/size));if(page>=pages)page=pages-1;
view.slice(page*size,page*size+size).forEach(function(r){var tr=document.createElement("tr"),st=cell(tr,r[6]?r[1]+" · quarantined":r[1],r[1]);if(r[8]==="flaky"||r[8]==="broken"){badge(st,r[8],r[8]+" hclass").title=r[8]+" in the run history";}cell(tr,r[0]);cell(tr,r[2]);cell(tr,r[3]);cell(tr,fmt(r[4]));cell(tr,r[5]);strip(tr,r[7]||"");body.appendChild(tr);});
info.textContent="page "+(page+1)+" of "+pages+" \\u00b7 "+view.length+" of "+rows.length+" cases";}
status.addEventListener("change",apply);text.addEventListener("input",apply);
document.getElementById("prev").addEventListener("click",function(){if(page>0){page--;draw();}});
document.getElementById("next").addEventListener("click",function(){page++;draw();});
draw();})();`;

export interface HtmlOptions {
  /** Review mode (`hyvve-qa show`): accept controls and the review script; never in index.html. */
  review?: ReviewOptions;
}

/** The report page; without options exactly the static index.html. */
export function renderHtml(run: RunResult, options: HtmlOptions = {}): string {
  const review = reviewParts(options.review);
  const counts = countRun(run);
  const failures: string[] = [];
  for (const suite of run.suites) {
    const error = suiteErrorHtml(suite);
    if (error) failures.push(error);
  }
  let shown = 0;
  for (const status of ["failed", "flaky"] as const) {
    for (const suite of run.suites) {
      for (const c of suite.cases) {
        if (c.status !== status || (status === "flaky" && !c.failure)) continue;
        if (shown++ < MAX_FAILURE_DETAILS) failures.push(failureHtml(suite, c, options.review));
      }
    }
  }
  const more =
    shown > MAX_FAILURE_DETAILS
      ? `<p class="muted">${shown - MAX_FAILURE_DETAILS} more failures: see the case list below (filter “failed”).</p>`
      : "";
  const loadSections = run.suites
    .filter((s) => s.load)
    .map((s) => renderLoadSection(s))
    .join("");
  const csp = [
    "default-src 'none'",
    "img-src 'self' data:",
    "media-src 'self'",
    `style-src ${sha256(STYLE)}${review.styleSrc}`,
    `script-src ${review.scriptSrc}${sha256(SCRIPT)}`,
    ...review.connectSrc,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const env = run.environment.baseUrl
    ? `${run.environment.name} (${run.environment.baseUrl})`
    : run.environment.name;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<title>hyvve-qa ${escapeHtml(headline(run))} · ${escapeHtml(run.id)}</title>
<style>${STYLE}</style>${review.head}</head>
<body><header><h1>hyvve-qa <span class="badge ${escapeHtml(headline(run))}">${escapeHtml(headline(run))}</span></h1>
<div>${counts.total} cases · ${counts.passed} passed · ${counts.failed} failed · ${counts.flaky} flaky · ${
    counts.skipped
  } skipped — run ${escapeHtml(run.id)} · ${escapeHtml(env)} · ${escapeHtml(run.startedAt)}${
    run.git.commit ? ` · ${escapeHtml(run.git.commit.slice(0, 12))}` : ""
  }</div>${verdictHtml(run)}</header>
<main>
${review.top}<section><h2>Suites</h2><table><thead><tr><th>suite</th><th>kind</th><th>runner</th><th>status</th><th>cases</th><th>passed</th><th>failed</th><th>flaky</th><th>skipped</th><th>time</th></tr></thead>
<tbody>${run.suites.map(suiteRow).join("")}</tbody></table></section>
${stackHtml(run)}
${baselineHtml(run)}
${historyHtml(run)}
${renderTrendsSection(run)}
${failures.length ? `<section id="failures"><h2>Failures and flaky cases</h2>${failures.join("")}${more}</section>` : ""}
${loadSections}
<section><h2>All cases</h2><div class="controls"><select id="status-filter" aria-label="status"><option value="">all statuses</option><option>failed</option><option>flaky</option><option>skipped</option><option>passed</option></select>
<input id="text-filter" type="search" placeholder="filter by suite, title, file or message" aria-label="filter"></div>
<table><thead><tr><th>status</th><th>suite</th><th>test</th><th>file</th><th>time</th><th>message</th><th>history</th></tr></thead><tbody id="cases-body"></tbody></table>
<div id="pager"><button id="prev" type="button">‹ prev</button><span id="page-info"></span><button id="next" type="button">next ›</button></div></section>
</main>
<script type="application/json" id="cases-data">${jsonForScript(caseRows(run))}</script>
<script>${SCRIPT}</script>
${review.tail}</body></html>
`;
}
