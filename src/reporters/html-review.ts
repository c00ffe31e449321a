/**
 * The review mode of the HTML report (`hyvve-qa show`): for each failed
 * visual case, expected / actual / diff side by side, a slider and a blink
 * view, and accept buttons. Pure markup from the model and the change groups
 * the server computed; the behaviour is /_review/review.js (script-src
 * 'self'), which only toggles classes and the hidden attribute — no inline
 * handlers, no style attributes, so the report's strict CSP still holds.
 * The static index.html never contains any of this.
 */
import { createHash } from "node:crypto";
import type { Attachment, CaseResult } from "../results/model.js";
import { escapeHtml } from "./escape.js";

/** One failed image of a case, as the review server lists it (GET /_review/api/changes). */
export interface ReviewChange {
  caseId: string;
  title: string;
  /** The expected attachment's name, e.g. `card-w1280-expected.png`. */
  image: string;
  /** The change signature: images with the same one are one group. */
  group: string;
  /** The committed baseline the expected image is a copy of (project-relative), if known. */
  baseline: string | null;
  accepted: boolean;
}

export interface ReviewOptions {
  changes: readonly ReviewChange[];
  /** Where the page loads its review script from (same origin). */
  scriptSrc: string;
}

/** An expected image with the actual (and diff) the runner wrote next to it. */
export interface VisualImage {
  stem: string;
  expected: Attachment;
  actual: Attachment;
  diff?: Attachment;
}

/** The slider's clip steps: one class per percent, since style attributes are not allowed. */
const CLIP_CLASSES = Array.from(
  { length: 101 },
  (_, v) => `.rv-clip-${v}{clip-path:inset(0 ${100 - v}% 0 0)}`,
).join("");

export const REVIEW_STYLE = `
.rv-panel{border-top:1px solid #eef0f3;margin:12px 0;padding-top:8px}.rv-panel h3{font-size:14px;margin:0 0 6px}
.rv-views{display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start}.rv-side{display:flex;gap:8px;flex-wrap:wrap}
.rv-side img,.rv-stack img{max-width:360px;border:1px solid #ddd;display:block}
.rv-stack{position:relative;display:inline-block}.rv-stack img[hidden]{display:none}.rv-stack .rv-over{position:absolute;top:0;left:0}
.rv-range{display:block;width:100%}.rv-actions{display:flex;gap:8px;align-items:center;margin-top:8px}
.rv-accepted{outline:2px solid #15803d}.rv-state{color:#15803d}.rv-error{color:#b91c1c}
#review-bar{background:#fff7ed;border-color:#fdba74}#accepted-git{white-space:pre-wrap}${CLIP_CLASSES}`;

/** The CSP source for REVIEW_STYLE (the report hashes every style it carries). */
export function reviewStyleHash(): string {
  return `'sha256-${createHash("sha256").update(REVIEW_STYLE, "utf8").digest("base64")}'`;
}

/** Pairs `X-expected.png` with `X-actual.png` (and `X-diff.png`) among a case's attachments. */
export function visualImages(c: Pick<CaseResult, "attachments">): VisualImage[] {
  const byName = new Map(c.attachments.map((a) => [a.name, a]));
  const images: VisualImage[] = [];
  for (const expected of c.attachments) {
    if (!expected.name.endsWith("-expected.png")) continue;
    const stem = expected.name.slice(0, -"-expected.png".length);
    const actual = byName.get(`${stem}-actual.png`);
    if (!actual) continue;
    const diff = byName.get(`${stem}-diff.png`);
    images.push({ stem, expected, actual, ...(diff ? { diff } : {}) });
  }
  return images;
}

/** An attachment path as an escaped, encoded src (paths are relative to the run folder). */
function src(a: Attachment): string {
  return escapeHtml(encodeURI(a.path));
}

/** The three images side by side, each captioned. */
function sideBySide(image: VisualImage): string {
  const figures = [image.expected, image.actual, ...(image.diff ? [image.diff] : [])].map(
    (a, i) =>
      `<figure><img src="${src(a)}" alt="${["expected", "actual", "diff"][i]}"><figcaption>${escapeHtml(a.name)}</figcaption></figure>`,
  );
  return `<div class="rv-side">${figures.join("")}</div>`;
}

/** Actual over expected, the range input sets how much of the actual shows (from the left). */
function slider(image: VisualImage): string {
  return `<div class="rv-slider"><div class="rv-stack"><img class="rv-under" src="${src(image.expected)}" alt="expected (slider)"><img class="rv-over rv-clip-50" src="${src(image.actual)}" alt="actual (slider)"></div><input class="rv-range" type="range" min="0" max="100" value="50" aria-label="how much of the actual image shows"><figcaption>slider: actual over expected</figcaption></div>`;
}

/** Expected and actual in turn every 500 ms; the button pauses and resumes. */
function blink(image: VisualImage): string {
  return `<div class="rv-blink"><div class="rv-stack"><img class="rv-b rv-b-expected" src="${src(image.expected)}" alt="expected (blink)"><img class="rv-b rv-b-actual" src="${src(image.actual)}" alt="actual (blink)" hidden></div><div class="rv-actions"><button type="button" class="rv-pause">pause</button><span class="rv-b-label">expected</span></div></div>`;
}

/** Accept this image; accept every image of its group when the group has others. */
function actions(change: ReviewChange | undefined, groupSize: number): string {
  if (!change) return "";
  const disabled = change.baseline === null ? " disabled" : "";
  const all =
    groupSize > 1
      ? `<button type="button" class="rv-accept-all" data-group="${escapeHtml(change.group)}"${disabled}>accept all ${groupSize} with the same change</button>`
      : "";
  const state = change.accepted
    ? "accepted"
    : change.baseline === null
      ? "no baseline recorded: cannot accept"
      : "";
  return `<div class="rv-actions"><button type="button" class="rv-accept"${disabled}>accept</button>${all}<span class="rv-state">${escapeHtml(state)}</span><span class="muted">change ${escapeHtml(change.group)}${change.baseline ? ` · ${escapeHtml(change.baseline)}` : ""}</span></div>`;
}

/** The case without the attachments its review panels show (the others stay where they were). */
export function withoutPanelImages(c: CaseResult): CaseResult {
  const shown = new Set(
    (c.status === "failed" ? visualImages(c) : []).flatMap((i) => [i.expected, i.actual, i.diff]),
  );
  return shown.size === 0 ? c : { ...c, attachments: c.attachments.filter((a) => !shown.has(a)) };
}

/** The review panels of one failed case (nothing for a case without visual images). */
export function reviewPanelsHtml(c: CaseResult, review: ReviewOptions): string {
  if (c.status !== "failed") return "";
  return visualImages(c)
    .map((image) => {
      const change = review.changes.find(
        (x) => x.caseId === c.id && x.image === image.expected.name,
      );
      const size = change ? review.changes.filter((x) => x.group === change.group).length : 0;
      const accepted = change?.accepted ? " rv-accepted" : "";
      return `<div class="rv-panel${accepted}" data-case="${escapeHtml(c.id)}" data-image="${escapeHtml(
        image.expected.name,
      )}"><h3>${escapeHtml(image.stem)}</h3><div class="rv-views">${sideBySide(image)}${slider(image)}${blink(image)}</div>${actions(change, size)}</div>`;
    })
    .join("");
}

/** What the page carries in review mode (all empty when it is the static report). */
export interface ReviewParts {
  styleSrc: string;
  scriptSrc: string;
  connectSrc: string[];
  head: string;
  top: string;
  tail: string;
}

/** The CSP additions and page fragments of review mode; none without it. */
export function reviewParts(review: ReviewOptions | undefined): ReviewParts {
  if (!review) return { styleSrc: "", scriptSrc: "", connectSrc: [], head: "", top: "", tail: "" };
  return {
    styleSrc: ` ${reviewStyleHash()}`,
    scriptSrc: "'self' ",
    connectSrc: ["connect-src 'self'"],
    // An empty icon: the browser's /favicon.ico request would be a 404 in the console.
    head: `<style>${REVIEW_STYLE}</style><link rel="icon" href="data:,">`,
    top: `<section id="review-bar"><h2>Review mode</h2><p class="muted">Served by hyvve-qa show: accepting an image copies the run's actual image over its committed baseline.</p><p id="review-status" class="rv-error"></p></section>
<section id="accepted"><h2>Accepted — ready to commit</h2><p id="accepted-empty" class="muted">nothing accepted yet</p><ul id="accepted-list"></ul><pre id="accepted-git" hidden></pre></section>
`,
    tail: `<script src="${escapeHtml(review.scriptSrc)}"></script>\n`,
  };
}
