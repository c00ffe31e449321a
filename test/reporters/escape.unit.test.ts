/** Escaping what tests produced before it goes into HTML (src/reporters/escape.ts). */
import { describe, expect, it } from "vitest";
import { escapeHtml, jsonForScript } from "../../src/reporters/escape.js";

const HOSTILE = `</script><script>alert(1)</script> & <!-- \u2028 \u2029 "q" 'a' > end`;

describe("jsonForScript", () => {
  it("leaves nothing that could end the script element or a line, and reads back the same", () => {
    const value = { title: HOSTILE, rows: [[HOSTILE, 1, null]] };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("escapeHtml", () => {
  it("escapes markup and both quotes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});
