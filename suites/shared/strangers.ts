import { randomBytes } from "node:crypto";
import { SESSION_COOKIE } from "../../fixtures/auth/auth.js";

// The callers that every protected route must turn away (CONTRACT.md "Seed
// identity": a wrong token or cookie is the same as none). The suites' auth
// cases send only these credentials and only read, so they are safe against
// any environment, staging included.

export interface Stranger {
  /** Reads as the end of a case title: "… answers 401 without a token". */
  name: string;
  /** The only auth-related headers the stranger sends. */
  headers: Record<string, string>;
}

/**
 * A token that is not the real one but close to it when the real one is
 * known (same length, last character changed), so a check that compares only
 * the length or a prefix lets it through and is caught.
 */
export function wrongToken(realToken: string | undefined): string {
  if (!realToken) return `wrong-${randomBytes(16).toString("hex")}`;
  const last = realToken.at(-1) === "x" ? "y" : "x";
  return `${realToken.slice(0, -1)}${last}`;
}

export function strangers(realToken: string | undefined): Stranger[] {
  const wrong = wrongToken(realToken);
  return [
    { name: "without a token", headers: {} },
    { name: "with a wrong bearer token", headers: { authorization: `Bearer ${wrong}` } },
    {
      name: "with a wrong session cookie",
      headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(wrong)}` },
    },
  ];
}

/**
 * Which of `keys` (fields only a real answer has) sit at the top level of an
 * answer's JSON body, and which of `texts` (its data) appear in it: a 401 that
 * still carries them leaks what it refused.
 */
export function leaks(body: unknown, text: string, keys: string[], texts: string[] = []): string[] {
  const found = typeof body === "object" && body !== null ? Object.keys(body) : [];
  return [
    ...keys.filter((key) => found.includes(key)),
    ...texts.filter((piece) => text.includes(piece)),
  ];
}
