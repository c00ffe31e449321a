/** k6's own words from its log output, for errors and notes. */

/** Every `level=error msg="…"` message k6 logged (with its `error="…"` detail), unescaped, in order. */
export function k6ErrorMessages(stderr: string): string[] {
  const quoted = '"((?:[^"\\\\]|\\\\.)*)"';
  const line = new RegExp(`level=error msg=${quoted}(?: error=${quoted})?`, "g");
  return [...stderr.matchAll(line)].map((m) =>
    unescapeLogfmt(m[2] === undefined ? m[1]! : `${m[1]!}: ${m[2]}`),
  );
}

/** A logfmt value's escapes as spaces and quotes, whitespace runs as one space. */
function unescapeLogfmt(text: string): string {
  return text
    .replace(/\\[nt]/g, " ")
    .replace(/\\"/g, '"')
    .replace(/\s+/g, " ");
}

/** k6's own error message from its log output (`level=error msg="…"`), else the last line. */
export function k6ErrorMessage(stderr: string): string {
  const message = k6ErrorMessages(stderr).at(-1) ?? stderr.trim().split("\n").at(-1) ?? "";
  return message.replace(/\s+/g, " ").trim().slice(0, 500);
}
