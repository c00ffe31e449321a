/**
 * What the review server refuses before any route runs: a Host that is not
 * this server (DNS rebinding: a foreign name resolved to 127.0.0.1), and a
 * POST that another origin could have sent (its Origin is not exactly ours,
 * or it is not JSON, which a cross-site form can never send without a
 * CORS preflight this server never answers).
 */
import type { IncomingHttpHeaders } from "node:http";

/** The media type of a Content-Type header, without parameters, lower case. */
function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Why the request must be refused (403), or undefined when it may proceed. */
export function refusal(
  method: string,
  headers: IncomingHttpHeaders,
  port: number,
): string | undefined {
  const host = headers.host;
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
    return `Host ${JSON.stringify(host ?? "")} is not this server (127.0.0.1:${port} or localhost:${port})`;
  if (method === "GET" || method === "HEAD") return undefined;
  if (method !== "POST") return `${method} is not served`;
  if (headers.origin !== `http://${host}`)
    return `Origin ${JSON.stringify(headers.origin ?? "")} is not this server's (http://${host})`;
  if (mediaType(headers["content-type"]) !== "application/json")
    return "a POST must be application/json";
  return undefined;
}
